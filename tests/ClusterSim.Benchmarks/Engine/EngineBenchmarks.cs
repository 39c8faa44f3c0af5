using BenchmarkDotNet.Attributes;
using ClusterSim.Engine.Core;
using ClusterSim.Engine.Diagnostics;

namespace ClusterSim.Benchmarks.Engine;

/// <summary>
/// The classic DES benchmarks (SimSharp and JaamSim publish the same three): a timeout loop with
/// 1 to 10,000 concurrent processes, process creation, seize and release of a capacity-1
/// resource; plus the same loop on the allocation-free handler path. One operation = one event.
/// Run: dotnet run -c Release --project tests/ClusterSim.Benchmarks -- --filter '*Engine*'
/// </summary>
[Config(typeof(EngineBenchmarkConfig))]
public class EngineBenchmarks
{
    private Simulation _timeoutLoop = null!;
    private Simulation _handlerLoop = null!;
    private Simulation _creation = null!;
    private Simulation _seize = null!;

    [Params(1, 10, 100, 1_000, 10_000)]
    public int Processes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _timeoutLoop = Prime(EngineWorkloads.TimeoutLoop(Processes));
        _handlerLoop = Prime(EngineWorkloads.HandlerLoop(Processes));
        _creation = Prime(EngineWorkloads.ProcessCreation());
        _seize = Prime(EngineWorkloads.SeizeRelease(Processes));
    }

    [Benchmark(OperationsPerInvoke = EngineBenchmarkConfig.EventsPerInvoke, Baseline = true)]
    public long TimeoutLoop() => Steps(_timeoutLoop);

    [Benchmark(OperationsPerInvoke = EngineBenchmarkConfig.EventsPerInvoke)]
    public long HandlerLoop() => Steps(_handlerLoop);

    [Benchmark(OperationsPerInvoke = EngineBenchmarkConfig.EventsPerInvoke)]
    public long ProcessCreation() => Steps(_creation);

    [Benchmark(OperationsPerInvoke = EngineBenchmarkConfig.EventsPerInvoke)]
    public long SeizeRelease() => Steps(_seize);

    private static Simulation Prime(Simulation sim)
    {
        Steps(sim); // reach steady state: every process started, heap at its working size
        return sim;
    }

    private static long Steps(Simulation sim)
    {
        for (var i = 0; i < EngineBenchmarkConfig.EventsPerInvoke; i++)
        {
            sim.Step();
        }

        return sim.ProcessedEvents;
    }
}
