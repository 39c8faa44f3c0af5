using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Accuracy;

/// <summary>
/// The first-token tail counted in steps: p99 TTFT over p50 TPOT, measured and simulated, for every check that gives
/// both. Near a server's knee a step a few per cent short is multiplied into a TPOT and a TTFT tail many times off; the
/// ratio cancels the step's own error, so what is left is the shape of the queue around the step (dispatch, admission,
/// the prompts' steps, the limits a busy engine reaches). The README's accuracy section reads it.
/// </summary>
public static class TailInSteps
{
    /// <summary>The criterion-free band the summary counts: within a quarter of the measured ratio.</summary>
    public const double Band = 0.25;

    /// <summary>One case's ratio, measured and simulated, and its p50 TPOT error (how far its operating point is off).</summary>
    public sealed record Row(string Scenario, string? CaseRow, string Stack, double MeasuredSteps, double SimulatedSteps, double TpotError)
    {
        /// <summary>Simulated over measured steps, less one.</summary>
        public double Error => (SimulatedSteps / MeasuredSteps) - 1;
    }

    /// <summary>The checks' rows, in the results' order; a case without a simulated TTFT or TPOT is left out.</summary>
    public static IReadOnlyList<Row> Of(IReadOnlyList<AccuracyResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<Row>();
        foreach (var r in results.Where(r => r.Measured.Role == MeasuredRole.Check))
        {
            var ttft = r.Figures.FirstOrDefault(f => f.Name == "ttft_p99");
            var tpot = r.Figures.FirstOrDefault(f => f.Name == "tpot_p50");
            if (ttft is null || tpot is null || !(ttft.Simulated > 0) || !(tpot.Simulated > 0) || !(ttft.Measured > 0) || !(tpot.Measured > 0))
            {
                continue;
            }

            rows.Add(new Row(r.Scenario, r.Row, r.Groups.TryGetValue("stack", out var stack) ? stack : "",
                ttft.Measured / tpot.Measured, ttft.Simulated / tpot.Simulated, tpot.Error));
        }

        return rows;
    }
}
