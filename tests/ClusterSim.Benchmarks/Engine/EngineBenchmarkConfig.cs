using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace ClusterSim.Benchmarks.Engine;

/// <summary>
/// Short, repeatable runs: one process, a few warm-ups, ten measured iterations. Each benchmark
/// invocation processes <see cref="EventsPerInvoke"/> events, so BenchmarkDotNet's per-operation
/// figures are per event (time and bytes allocated).
/// </summary>
public sealed class EngineBenchmarkConfig : ManualConfig
{
    public const int EventsPerInvoke = 100_000;

    public EngineBenchmarkConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Throughput).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddColumn(new EventsPerSecondColumn());
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
    }
}
