using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Runs;

/// <summary>
/// Fans a run's callbacks out to every observer that asked for them, in the order they were given,
/// so no observer has to wrap another. The cluster gets it as its request log only when some
/// observer wants requests, and as its tracer only when some observer wants iterations.
/// </summary>
internal sealed class RunObserverHub : IRequestLog, IKindRequestLog, IReplicaTracer, IStepTracer
{
    private readonly IRunObserver[] _requests;
    private readonly IRunObserver[] _iterations;
    private readonly IRunObserver[] _progress;
    private readonly IRunObserver[] _all;

    public RunObserverHub(IEnumerable<IRunObserver> observers)
    {
        _all = observers.ToArray();
        if (_all.Any(o => o is null))
        {
            throw new ArgumentException("an observer is null", nameof(observers));
        }

        if (_all.Distinct(ReferenceEqualityComparer.Instance).Count() != _all.Length)
        {
            throw new ArgumentException("an observer is attached twice: it would see every event twice", nameof(observers));
        }

        _requests = With(RunEvents.Requests);
        _iterations = With(RunEvents.Iterations);
        _progress = With(RunEvents.Progress);
    }

    public bool WantsRequests => _requests.Length > 0;

    public bool WantsIterations => _iterations.Length > 0;

    public bool WantsProgress => _progress.Length > 0;

    public void Write(TextRequest request, string className)
    {
        if (request.State == RequestState.Dropped)
        {
            foreach (var o in _requests)
            {
                o.OnRequestDropped(request, className);
            }
        }
        else
        {
            foreach (var o in _requests)
            {
                o.OnRequestCompleted(request, className);
            }
        }
    }

    public void Write(StepRequest request, string kind, string className)
    {
        foreach (var o in _requests)
        {
            o.OnKindRequestCompleted(request, kind, className);
        }
    }

    public void Refused(StepRequest request, string kind, string className)
    {
        foreach (var o in _requests)
        {
            o.OnKindRequestRefused(request, kind, className);
        }
    }

    public void Session(AvatarSessionRecord session, string className)
    {
        foreach (var o in _requests)
        {
            o.OnAvatarSession(session, className);
        }
    }

    public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
    {
        foreach (var o in _iterations)
        {
            o.OnIteration(replica, startNs, endNs, in shape);
        }
    }

    public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
    {
        foreach (var o in _iterations)
        {
            o.OnStep(replica, kind, startNs, endNs, batch, waiting);
        }
    }

    public void OnPreemption(Replica replica, TextRequest victim, long nowNs)
    {
        foreach (var o in _iterations)
        {
            o.OnPreemption(replica, victim, nowNs);
        }
    }

    public void OnProgress(long nowNs)
    {
        foreach (var o in _progress)
        {
            o.OnProgress(nowNs);
        }
    }

    public void OnRunFinished(ServingResult result)
    {
        foreach (var o in _all)
        {
            o.OnRunFinished(result);
        }
    }

    private IRunObserver[] With(RunEvents events) => _all.Where(o => (o.Events & events) != 0).ToArray();
}
