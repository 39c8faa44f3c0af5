using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Tests.Sweeps;

/// <summary>
/// One 3x3 sweep with 3 replications of the default scenario (arrival rate x replicas, 10 s
/// measured after 5 s warm-up: longer than a request's mean latency, so the window starts past the ramp of the first completions), run once on two threads and written out for the tests to read.
/// </summary>
public sealed class SweepFixture : IDisposable
{
    public static readonly string[] Sets =
    [
        "run.duration=10s",
        "run.warmup=5s",
        "workloads.chat.arrival.rate=5,10,20",
        "deployments.llama-8b.replicas=1,2,4",
    ];

    public SweepFixture()
    {
        Folder = Directory.CreateTempSubdirectory("clustersim-sweep-").FullName;
        Plan = Sweep.Prepare(null, Sets, replications: 3);
        Result = Sweep.Run(Plan, parallelism: 2);
        Whole = Path.Combine(Folder, "whole");
        Files = Result.WriteOutputs(Whole);
    }

    public string Folder { get; }

    public SweepPlan Plan { get; }

    public SweepResult Result { get; }

    /// <summary>Where the unsharded sweep wrote its files.</summary>
    public string Whole { get; }

    public IReadOnlyList<string> Files { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
