using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Analysis.Explore;

/// <summary>
/// Records the first seconds of a run for the explorer's animation: every text iteration that starts
/// in the window (replica, start, duration, prompt and generated work) and every request arriving or
/// leaving in it. Bounded: past <see cref="MaxIterations"/> iterations the window is cut where the
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

    public void OnRequestCompleted(TextRequest request, string className) => Leave(request, request.CompletedNs);

    public void OnRequestDropped(TextRequest request, string className) => Leave(request, Math.Max(request.ArrivalNs, request.CompletedNs));

    private void Leave(TextRequest request, long leftNs)
    {
        if (request.ArrivalNs < windowNs)
        {
            _arrivals.Add([request.ArrivalNs / 1000, request.Replica]);
        }

        if (leftNs < windowNs)
        {
            _departures.Add([leftNs / 1000, request.Replica]);
        }
    }
}
