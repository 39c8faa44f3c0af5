namespace ClusterSim.Analysis.Tests.Report;

/// <summary>
/// A test that needs Debian's chromium. On CI (CI=true), where .ci/run installs it, a missing
/// browser makes the test run and fail; elsewhere the test is skipped with the reason.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(HeadlessChromium.Path) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{HeadlessChromium.Path} is not installed (apt-get install chromium; .ci/run installs it on CI)";
        }
    }
}
