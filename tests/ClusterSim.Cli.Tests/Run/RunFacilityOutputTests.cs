using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Cli.Tests.Run;

/// <summary>`clustersim run` with the facility: energy and cost in summary.json and the terminal, power.csv beside them.</summary>
public sealed class RunFacilityOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Run_reports_energy_and_cost_and_writes_a_power_series_that_integrates_to_the_energy()
    {
        var (code, output, error) = Run("run", "--out", _folder, "--quiet", "--stable", "--no-requests", "--set", "run.duration=10s");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("energy: IT ", output);
        Assert.Contains("USD per million output tokens", output);
        Assert.True(File.Exists(Path.Combine(_folder, "power.csv")));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var energy = summary.RootElement.GetProperty("energy");
        var cost = summary.RootElement.GetProperty("cost");
        foreach (var key in new[] { "it_kwh", "facility_kwh", "mean_pue", "peak_it_kw", "throttled_node_seconds" })
        {
            Assert.True(energy.TryGetProperty(key, out _), key);
        }

        foreach (var key in new[] { "energy_usd", "capex_usd", "opex_usd", "total_usd", "usd_per_million_output_tokens", "classes" })
        {
            Assert.True(cost.TryGetProperty(key, out _), key);
        }

        Assert.Equal(cost.GetProperty("total_usd").GetDouble(),
            cost.GetProperty("energy_usd").GetDouble() + cost.GetProperty("capex_usd").GetDouble() + cost.GetProperty("opex_usd").GetDouble(), 12);

        var lines = File.ReadAllLines(Path.Combine(_folder, "power.csv"));
        Assert.Equal("start_s,end_s,site_it_kw,facility_kw,pue,site_it_max_kw,rack_dgx-h100_kw", lines[0]);
        var kwh = lines.Skip(1).Select(l => l.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray())
            .Sum(c => c[2] * (c[1] - c[0]) / 3600);
        Assert.Equal(energy.GetProperty("it_kwh").GetDouble(), kwh, 9);
    }

    [Fact]
    public void A_cap_below_idle_power_is_bad_input_without_a_stack_trace()
    {
        var (code, output, error) = Run("run", "--out", _folder, "--quiet", "--set", "facility.power_cap.site_kw=1");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("idle power", error);
        Assert.DoesNotContain("   at ", error);
    }
}
