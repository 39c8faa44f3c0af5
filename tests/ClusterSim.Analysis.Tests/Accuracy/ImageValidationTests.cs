using System.Globalization;
using ClusterSim.Analysis.Accuracy;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// Checks, not fits: xDiT's single-H100 FLUX.1-dev latency with torch.compile (scenarios/validation/xdit-flux1-dev-h100.yaml:
/// -7.4 %, its steps at the text stack's efficiency over the catalog's 74.3 TFLOP a step) and MLPerf Inference's closed
/// Stable Diffusion XL rows (scenarios/validation/mlperf*-sdxl.yaml: offline
/// images an hour; at the server's scheduled rate, its capacity at p99 within 20 s and its p50 and p99 latency), run as
/// `clustersim accuracy` runs them. No factor was set from them: the image pipeline's one share of peak
/// (efficiency-image.yaml) was fitted on Stability AI / NVIDIA's FP16 UNet timing at batch 1 (SdxlPublishedLatencyTests).
/// Each figure is asserted in the band its error lies in, with the figure; where that band is wider than the file's
/// criterion the criterion is not met, and the README's Known gaps say why. Measured when written (2026-12-07):
/// offline H100 +6.2 %, H200 -0.3 %, GH200 -10.3 %, H100 NVL +19.5 %, L40S +17.6 %, B200 +19.6 %, MI325X -5.3 %,
/// Gaudi 2 +41.4 %, TPU v6e -26.0 %; capacity H100 +9.4 %, H200 +3.1 %, GH200 0.0 %, L40S +20.3 %.
/// </summary>
public sealed class ImageValidationTests(ITestOutputHelper output)
{
    [Theory]
    // Hopper SXM with NVIDIA's engine: every criterion but the H100 server's latencies and the GH200's offline rate.
    [InlineData("mlperf41-h100-sdxl.yaml", "images_per_hour=-0.10..0.10", "server:capacity_rps=-0.10..0.10", "server:latency_p50=-0.33..-0.22", "server:latency_p99=-0.58..-0.47")]
    [InlineData("mlperf41-h200-sdxl.yaml", "images_per_hour=-0.10..0.10", "server:capacity_rps=-0.10..0.10", "server:latency_p50=-0.25..0.25", "server:latency_p99=-0.35..0.35")]
    [InlineData("mlperf41-gh200-sdxl.yaml", "images_per_hour=-0.15..-0.05", "server:capacity_rps=-0.10..0.10", "server:latency_p50=-0.25..0.25", "server:latency_p99=-0.35..0.35")]
    // Boards limited to 350-400 W, and Blackwell: fast by a fifth.
    [InlineData("mlperf41-h100nvl-sdxl.yaml", "images_per_hour=0.14..0.25")]
    [InlineData("mlperf41-l40s-sdxl.yaml", "images_per_hour=0.12..0.23", "server:capacity_rps=0.14..0.27", "server:latency_p50=-0.62..-0.50", "server:latency_p99=-0.76..-0.63")]
    [InlineData("mlperf50-b200-sdxl.yaml", "images_per_hour=0.14..0.25")]
    // Other vendors' stacks, which borrow the H100's TensorRT share across vendors (the run says it is an assumption).
    [InlineData("mlperf50-mi325x-sdxl.yaml", "images_per_hour=-0.10..0.10")]
    [InlineData("mlperf40-gaudi2-sdxl.yaml", "images_per_hour=0.35..0.48")]
    [InlineData("mlperf41-tpuv6e-sdxl.yaml", "images_per_hour=-0.32..-0.20")]
    // A diffusion transformer, one image alone on an H100.
    [InlineData("xdit-flux1-dev-h100.yaml", "latency_mean=-0.12..-0.03")]
    public void A_published_image_row_reads_in_the_band_it_was_measured_in(string file, params string[] bands)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(SmallRun.RepoRoot, "scenarios", "validation", file));
        Assert.Equal(MeasuredRole.Check, scenario.Measured!.Role);
        var results = AccuracyCheck.Cases(scenario).Select(c => AccuracyCheck.Run(c, new AccuracyOptions { Parallelism = 1 })).ToList();
        var seen = 0;
        foreach (var band in bands)
        {
            var (where, range) = (band[..band.IndexOf('=')], band[(band.IndexOf('=') + 1)..]);
            var (row, name) = where.Contains(':') ? (where[..where.IndexOf(':')], where[(where.IndexOf(':') + 1)..]) : (null, where);
            var lo = double.Parse(range[..range.IndexOf("..", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var hi = double.Parse(range[(range.IndexOf("..", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);
            var figure = results.Single(r => r.Row == row).Figures.Single(f => f.Name == name);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file} {row ?? "offline"} {name}: measured {figure.Measured:G5}, simulated {figure.Simulated:G5}, error {figure.Error:+0.0%;-0.0%} (criterion {figure.Within:P0})"));
            Assert.InRange(figure.Error, lo, hi);
            seen++;
        }

        // Every figure the file measures is banded here.
        Assert.Equal(results.Sum(r => r.Figures.Count), seen);
    }
}
