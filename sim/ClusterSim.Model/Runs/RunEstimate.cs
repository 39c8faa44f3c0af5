using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Runs;

/// <summary>
/// What a run will cost before it starts: arrivals expected from the scenario's rates and length,
/// and the size of requests.csv, so a scenario that would run for hours or fill a disk (a rate typed
/// with three zeros too many, a year-long duration) is stopped with the knob to turn.
/// </summary>
/// <param name="Arrivals">Expected arrivals over warm-up and duration (or the request limit); null when unknown (traces, closed loops).</param>
/// <param name="RequestsCsvBytes">Expected size of requests.csv, one row per text request.</param>
public sealed record RunEstimate(double? Arrivals, double? RequestsCsvBytes)
{
    /// <summary>Arrivals past which a run needs --force: about 40 minutes of wall time on a laptop at the bench's day-10m rate.</summary>
    public const double MaxArrivals = 50e6;

    /// <summary>requests.csv past which a run needs --no-requests (or --force): 5 GB.</summary>
    public const double MaxRequestsCsvBytes = 5e9;

    /// <summary>Bytes of one requests.csv row: measured on the default scenario (about 100; ids and times grow with the run).</summary>
    public const double RequestsCsvRowBytes = 110;

    public static RunEstimate Of(CompiledScenario compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        var scenario = compiled.Scenario;
        var run = scenario.Run;
        double? arrivals = 0;
        double? textArrivals = 0;
        foreach (var w in scenario.Workloads)
        {
            double? expected = w.Arrival.MeanRate is { } rate && run.DurationSeconds is { } duration
                ? rate * (run.WarmupSeconds + duration)
                : null;
            if (w is TextWorkloadSpec && run.Requests is { } limit)
            {
                expected = Math.Min(expected ?? double.PositiveInfinity, limit);
            }

            arrivals = arrivals + expected;
            if (w is TextWorkloadSpec)
            {
                textArrivals = textArrivals + expected;
            }
        }

        return new RunEstimate(arrivals, textArrivals * RequestsCsvRowBytes);
    }

    /// <summary>Why the run should not start as asked, naming the option that lets it; null when it may.</summary>
    public string? Refusal(bool writesRequests)
    {
        if (Arrivals is > MaxArrivals)
        {
            return FormattableString.Invariant(
                $"the scenario would simulate about {Arrivals:N0} arrivals (its rates x warm-up and duration), more than {MaxArrivals:N0}; shorten run.duration, lower the rate or set run.requests, or add --force to run it anyway");
        }

        if (writesRequests && RequestsCsvBytes is > MaxRequestsCsvBytes)
        {
            return FormattableString.Invariant(
                $"requests.csv would take about {RequestsCsvBytes / 1e9:F1} GB ({Arrivals:N0} rows); add --no-requests to leave it out, or --force to write it anyway");
        }

        return null;
    }
}
