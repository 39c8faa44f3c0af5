using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// Stands in for the simulator with a known answer: every request's TTFT is
/// <c>ttftSeconds(rate, seed)</c>, the rate read from the scenario's first class. Counts its runs.
/// </summary>
internal sealed class RateRunner(Func<double, ulong, double> ttftSeconds) : IScenarioRunner
{
    private int _runs;

    public RateRunner(Func<double, double> ttftSeconds)
        : this((rate, _) => ttftSeconds(rate))
    {
    }

    public int Runs => _runs;

    public ServingResult Run(Scenario scenario, ulong seed)
    {
        Interlocked.Increment(ref _runs);
        var ttft = (long)Math.Round(ttftSeconds(scenario.Workloads[0].Arrival.MeanRate!.Value, seed) * 1e9);
        var chat = new ClassMetrics("chat", SloTargets.None);
        for (var i = 0; i < 100; i++)
        {
            chat.Ttft.Record(ttft);
        }

        var overall = new ClassMetrics("overall", SloTargets.None);
        overall.Merge(chat);
        return new ServingResult("default", seed, 10_000_000_000, 0, [chat], overall, [], 0, 0);
    }
}
