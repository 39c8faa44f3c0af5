namespace ClusterSim.Analysis.Explore;

/// <summary>
/// The first seconds of one run, for the explorer's animation. Times are microseconds from the start.
/// </summary>
/// <param name="WindowUs">How long the recording covers.</param>
/// <param name="Iterations">[replica, start, duration, prompt sequences, decode sequences, prompt tokens], by start; a video, image or avatar step is [replica, start, duration, requests or frames waiting when it ended, requests or frames in it, -1].</param>
/// <param name="Arrivals">[time, replica] of each request or avatar session arriving in the window, by time (replica -1: turned away).</param>
/// <param name="Departures">[time, replica] of each request or session leaving in the window, by time.</param>
internal sealed record FrameWindow(long WindowUs, IReadOnlyList<long[]> Iterations, IReadOnlyList<long[]> Arrivals, IReadOnlyList<long[]> Departures);
