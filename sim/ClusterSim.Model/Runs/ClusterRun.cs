using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;

namespace ClusterSim.Model.Runs;

/// <summary>
/// The one way to simulate a set-up: a fresh <see cref="Simulation"/> seeded from the set-up, the
/// cluster on it, observers wired, run to the end, result collected. <c>clustersim run</c>, sweeps,
/// the planner, the bench and the tests all go through here, so they simulate exactly the same way.
/// </summary>
/// <remarks>
/// With no observers, no progress and no cancellation the cluster runs exactly as it did on its own:
/// no request log, no tracer, no progress callback, nothing per event or iteration.
/// </remarks>
public sealed class ClusterRun
{
    private readonly RunObserverHub? _hub;
    private readonly RunOptions _options;
    private bool _ran;

    private ClusterRun(ServingSetup setup, RunOptions options, RunObserverHub? hub)
    {
        _options = options;
        _hub = hub;
        Cluster = new ServingCluster(new Simulation(setup.Seed), setup,
            hub is { WantsRequests: true } ? hub : null, hub is { WantsIterations: true } ? hub : null);
        if (options.OneEventPerIteration)
        {
            foreach (var replica in Cluster.Replicas)
            {
                replica.OneEventPerIteration = true;
            }
        }
    }

    /// <summary>The cluster about to run (for tests that look inside it, before or after the run).</summary>
    public ServingCluster Cluster { get; }

    public Simulation Simulation => Cluster.Simulation;

    /// <summary>Compiles nothing: runs <paramref name="compiled"/>'s set-up to the end and returns its result.</summary>
    public static ServingResult Execute(CompiledScenario compiled, RunOptions? options = null, params IReadOnlyList<IRunObserver> observers)
        => Prepare(compiled.Setup, options, observers).Run();

    /// <summary>Runs <paramref name="setup"/> (hand-built or compiled) to the end and returns its result.</summary>
    public static ServingResult Execute(ServingSetup setup, RunOptions? options = null, params IReadOnlyList<IRunObserver> observers)
        => Prepare(setup, options, observers).Run();

    /// <summary>Builds the cluster without running it, so a caller can look at it first; then call <see cref="Run"/>.</summary>
    public static ClusterRun Prepare(CompiledScenario compiled, RunOptions? options = null, params IReadOnlyList<IRunObserver> observers)
        => Prepare(compiled.Setup, options, observers);

    /// <inheritdoc cref="Prepare(CompiledScenario, RunOptions?, IReadOnlyList{IRunObserver})"/>
    public static ClusterRun Prepare(ServingSetup setup, RunOptions? options = null, params IReadOnlyList<IRunObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(observers);
        return new ClusterRun(setup, options ?? RunOptions.Default, observers.Count == 0 ? null : new RunObserverHub(observers));
    }

    /// <summary>Runs to completion (every request served) or to the set-up's time limit; once.</summary>
    public ServingResult Run()
    {
        if (_ran)
        {
            throw new InvalidOperationException("a run runs once: prepare another for a second run");
        }

        _ran = true;
        var result = Cluster.Run(ProgressCallback());
        _hub?.OnRunFinished(result);
        return result;
    }

    /// <summary>Null unless someone listens or may cancel: then the cluster's loop is today's exactly.</summary>
    private Action<long>? ProgressCallback()
    {
        var progress = _options.Progress;
        var token = _options.Cancellation;
        var hub = _hub is { WantsProgress: true } ? _hub : null;
        if (progress is null && hub is null && !token.CanBeCanceled)
        {
            return null;
        }

        token.ThrowIfCancellationRequested();
        return now =>
        {
            token.ThrowIfCancellationRequested();
            progress?.Invoke(now);
            hub?.OnProgress(now);
        };
    }
}
