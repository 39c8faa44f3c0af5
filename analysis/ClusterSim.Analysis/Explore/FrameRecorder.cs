using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Avatar;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Explore;

/// <summary>
/// Records the first seconds of a run for the explorer's animation: every text iteration that starts
/// in the window (replica, start, duration, prompt and generated work), every video, image or avatar
/// step (its requests or frames as the batch, those waiting as its prompt sequences, -1 as its prompt tokens to tell it
/// apart), and every request
/// or avatar session arriving or leaving in it. Bounded: past <see cref="MaxIterations"/> iterations the window is cut where the
/// cap was reached, so a page stays small whatever the cluster. Observes only (the run is the same).
/// </summary>
internal sealed class FrameRecorder(long windowNs) : IRunObserver
{
    public const int MaxIterations = 1500;

    private readonly List<long[]> _iterations = [];
    private readonly List<long[]> _arrivals = [];
    private readonly List<long[]> _departures = [];

    public RunEvents Events => RunEvents.Iterations | RunEvents.Requests;

    /// <summary>
    /// What was recorded, sorted: the window is the one asked for, or shorter when the iteration cap was
    /// reached (then it ends where the first iteration left out starts, so the animation shows no gap).
    /// </summary>
    public FrameWindow Finish()
    {
        var iterations = _iterations.OrderBy(r => r[1]).ThenBy(r => r[0]).ToList();
        var windowUs = windowNs / 1000;
        if (iterations.Count > MaxIterations)
        {
            windowUs = iterations[MaxIterations][1];
            iterations = iterations.GetRange(0, MaxIterations);
        }

        static List<long[]> Within(List<long[]> rows, long untilUs) => [.. rows.Where(r => r[0] < untilUs).OrderBy(r => r[0]).ThenBy(r => r[1])];
        return new FrameWindow(windowUs, iterations, Within(_arrivals, windowUs), Within(_departures, windowUs));
    }

    public void OnIteration(Replica replica, long startNs, long endNs, in BatchShape shape)
    {
        // Decode runs report their steps late and replicas interleave, so everything in the window is
        // kept and sorted; the cap is applied on the sorted list.
        if (startNs < windowNs && _iterations.Count < 50 * MaxIterations)
        {
            _iterations.Add([replica.Index, startNs / 1000, Math.Max(1, (endNs - startNs) / 1000), shape.PrefillSequences, shape.DecodeSequences, shape.PrefillTokens]);
        }
    }

    public void OnStep(IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
    {
        if (startNs < windowNs && _iterations.Count < 50 * MaxIterations)
        {
            _iterations.Add([replica.Index, startNs / 1000, Math.Max(1, (endNs - startNs) / 1000), waiting, batch, -1]);
        }
    }

    public void OnRequestCompleted(TextRequest request, string className) => Leave(request.ArrivalNs, request.CompletedNs, request.Replica);

    public void OnRequestDropped(TextRequest request, string className) => Leave(request.ArrivalNs, Math.Max(request.ArrivalNs, request.CompletedNs), request.Replica);

    public void OnKindRequestCompleted(StepRequest request, string kind, string className) => Leave(request.ArrivalNs, request.CompletedNs, request.Replica);

    public void OnKindRequestRefused(StepRequest request, string kind, string className) => Leave(request.ArrivalNs, request.ArrivalNs, -1);

    public void OnAvatarSession(AvatarSessionRecord session, string className)
        => Leave(session.ArrivalNs, session.Rejected ? session.ArrivalNs : session.EndNs, session.Replica);

    private void Leave(long arrivalNs, long leftNs, int replica)
    {
        if (arrivalNs < windowNs)
        {
            _arrivals.Add([arrivalNs / 1000, replica]);
        }

        if (leftNs < windowNs)
        {
            _departures.Add([leftNs / 1000, replica]);
        }
    }
}
