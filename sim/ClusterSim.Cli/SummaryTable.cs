using System.Globalization;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Cli;

/// <summary>The terminal summary of a run: one row per class and overall, milliseconds for latencies.</summary>
internal static class SummaryTable
{
    public static void Print(TextWriter w, ServingResult result, IReadOnlyList<string> notes)
    {
        var measured = SummaryJson.MeasuredSeconds(result);
        w.WriteLine($"scenario {result.Name}, seed {result.Seed}: {result.SimulatedNs / 1e9:F1} s simulated, {result.Events:N0} events in {result.WallSeconds:F2} s wall");
        foreach (var note in notes)
        {
            w.WriteLine("  note: " + note);
        }

        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"class",-14} {"arrived",8} {"done",8} {"drop",5} {"TTFT p50",9} {"p99",8} {"TPOT p50",9} {"p99",7} {"TBT p99",8} {"E2E p99",9} {"SLO %",6} {"req/s",7} {"tok/s",9}"));
        foreach (var c in result.Classes.Append(result.Overall))
        {
            Row(w, c, measured);
        }

        var accelerators = result.Replicas.Sum(r => r.Accelerators);
        var utilization = accelerators == 0 ? 0 : result.Replicas.Sum(r => r.Utilization * r.Accelerators) / accelerators;
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replicas {result.Replicas.Count}, accelerators {accelerators}, busy {utilization:P1}, mean batch {result.Replicas.Average(r => r.MeanBatchSize):F1}, KV occupancy {result.Replicas.Average(r => r.MeanKvOccupancy):P1}, preemptions {result.Replicas.Sum(r => r.Preemptions)}"));
    }

    private static void Row(TextWriter w, ClassMetrics c, double measured)
    {
        var ttft = c.Ttft.ToSummary();
        var tpot = c.Tpot.ToSummary();
        var slo = c.Measured == 0 ? 0 : 100.0 * c.SloMet / c.Measured;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Trim(c.Name),-14} {c.Arrived,8} {c.Completed,8} {c.Dropped,5} {Ms(ttft.P50),9} {Ms(ttft.P99),8} {Ms(tpot.P50),9} {Ms(tpot.P99),7} {Ms(c.Tbt.ToSummary().P99),8} {Ms(c.E2e.ToSummary().P99),9} {slo,6:F1} {c.Measured / measured,7:F2} {c.OutputTokens / measured,9:F0}"));
    }

    private static string Ms(double seconds) => (seconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);

    private static string Trim(string name) => name.Length <= 14 ? name : name[..13] + "…";
}
