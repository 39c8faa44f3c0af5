using System.Globalization;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The catalog's H100 figures against kernels timed on a real H100 (scenarios/profiles/
/// h100_gemm_bandwidth_probe.csv): no measurement may beat the physical bound the catalog implies,
/// and the largest GEMMs and copies must come close enough to show the peaks are the dense ones.
/// </summary>
public sealed class DeviceProbeTests(ITestOutputHelper output)
{
    private sealed record Row(string Op, int M, double K, double N, double Seconds, double Gbs);

    private static List<Row> Rows()
        => File.ReadLines(RepoPaths.File("scenarios", "profiles", "h100_gemm_bandwidth_probe.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Row(f[1], int.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture)))
            .ToList();

    [Fact]
    public void No_timed_H100_kernel_beats_the_bound_of_the_catalog_peak_and_bandwidth()
    {
        var h100 = Catalog.Default.Accelerators.Single(a => a.Key == "h100-sxm");
        var peak = h100.PeakFlops(Precision.Bf16)!.Value;
        var bandwidth = h100.HbmBytesPerSecond;
        var rows = Rows();
        Assert.True(rows.Count >= 40);
        double bestCompute = 0, bestMemory = 0;
        foreach (var r in rows)
        {
            var flops = 2.0 * r.M * r.K * r.N;
            var bytes = r.M == 0 ? r.Gbs * 1e9 * r.Seconds : 2.0 * (r.K * r.N + r.M * r.K + r.M * r.N);
            var bound = Math.Max(flops / peak, bytes / bandwidth);
            Assert.True(r.Seconds >= bound, $"{r.Op} m={r.M}: {r.Seconds * 1e3:F4} ms beats the bound {bound * 1e3:F4} ms");
            bestCompute = Math.Max(bestCompute, flops / r.Seconds / peak);
            bestMemory = Math.Max(bestMemory, bytes / r.Seconds / bandwidth);
        }

        output.WriteLine($"best bf16 GEMM: {bestCompute:P1} of the catalog's {peak / 1e12:F1} TFLOP/s; best streaming: {bestMemory:P1} of {bandwidth / 1e12:F2} TB/s");
        // Dense peaks, not the 2:4-sparse ones: the best GEMM reaches well over half of it (81 % measured).
        Assert.True(bestCompute > 0.6);
        Assert.True(bestMemory > 0.6);
    }
}
