using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// A run's figures against their measurements: each printed with its error and whether the issue's criterion is met,
/// then held to the band it is known to be in. Every figure is printed before any fails, so one run shows them all.
/// </summary>
internal sealed class ErrorBands(ITestOutputHelper output)
{
    private readonly List<string> _outside = [];

    public void Check(string what, double simulated, double measured, double criterion, double bandLow, double bandHigh)
    {
        var error = simulated / measured - 1;
        output.WriteLine($"{what}: simulated {simulated:F1}, measured {measured:F1}, {100 * error:+0.0;-0.0} % " +
                         $"(criterion ±{100 * criterion:F0} %: {(Math.Abs(error) <= criterion ? "met" : "NOT MET")})");
        if (!(error >= bandLow && error <= bandHigh))
        {
            _outside.Add($"{what}: {100 * error:+0.0;-0.0} % outside its band [{100 * bandLow:F0}, {100 * bandHigh:F0}] %");
        }
    }

    public void AssertAllInBand() => Assert.True(_outside.Count == 0, string.Join("; ", _outside));
}
