using System.Globalization;
using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// CHECKS, not fits: the roofline's price of a MoE layer's routed experts (the FLOPs of the rows each touched expert
/// receives, rounded up to 64-row tiles, at the stack's rate and the experts' K; plus the touched experts' weights)
/// against grouped GEMMs timed on an H200 (scenarios/profiles/h200_moe_grouped_gemm_probe.csv: Mixtral 8x7B cut by TP 1
/// to 8, DeepSeek-V3's 32 experts of one EP8 rank, BF16, 1 to 16,384 tokens). Nothing was set from this file.
/// </summary>
public sealed class H200MoeGroupedGemmTests(ITestOutputHelper output)
{
    private sealed record Row(string Case, string Gemm, int Tokens, int Assignments, int Touched, double Seconds);

    private static List<Row> Rows()
    {
        var lines = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "h200_moe_grouped_gemm_probe.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(f => new Row(f[Col("case")], f[Col("gemm")], int.Parse(f[Col("tokens")], CultureInfo.InvariantCulture),
                int.Parse(f[Col("assignments")], CultureInfo.InvariantCulture), int.Parse(f[Col("touched")], CultureInfo.InvariantCulture),
                double.Parse(f[Col("seconds")], CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static (WorkModel Work, LlmArchitecture Model) Deployment(string @case)
    {
        var h200 = ReferenceAccelerators.H200Sxm;
        var key = @case.StartsWith("mixtral", StringComparison.Ordinal) ? "mixtral-8x7b" : "deepseek-v3";
        var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)Catalog.Default.FindModel(key)!);
        var tp = key == "mixtral-8x7b" ? int.Parse(@case[^1..], CultureInfo.InvariantCulture) : 8;
        var ep = key == "mixtral-8x7b" ? 1 : 8;
        return (new WorkModel(new Deployment
        {
            Model = model, Accelerator = h200, WeightPrecision = Precision.Bf16, TensorParallel = tp, ExpertParallel = ep,
            AcceleratorsPerNode = 8,
        }), model);
    }

    [Fact]
    public void Routed_expert_pricing_against_grouped_gemms_timed_on_an_H200()
    {
        var efficiency = EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-bf16", Catalog.Default.FindAccelerator);
        var ratios = new Dictionary<(string Case, int Tokens), double>();
        foreach (var group in Rows().GroupBy(r => (r.Case, r.Tokens)))
        {
            var (work, model) = Deployment(group.Key.Case);
            var tokens = group.Key.Tokens;
            var touched = work.TouchedExperts(tokens);
            var rate = work.PeakFlops * efficiency.ComputeEfficiency * work.ExpertShapeFactor;
            var modelled = work.ExpertFlops(tokens, touched, RooflineExecutionModel.ExpertTileRows) / model.MoeLayers / rate
                           + work.ExpertWeightBytes(touched) / model.MoeLayers / (work.BytesPerSecond * efficiency.MemoryEfficiency);
            ratios[group.Key] = group.Sum(r => r.Seconds) / modelled;
        }

        foreach (var (key, ratio) in ratios.OrderBy(r => r.Key.Case).ThenBy(r => r.Key.Tokens))
        {
            output.WriteLine($"{key.Case,-13} {key.Tokens,6} tokens: measured / roofline {ratio:F2}");
        }

        // From 128 tokens a step's routed experts are priced within -30 .. +35 % of the grouped GEMMs: measured 0.76 to
        // 1.28, median about 1.08 (the DeepSeek rank is priced as the busiest of eight, a little above the one drawn here,
        // which is where its 0.76 to 0.87 at 2,048 tokens and more come from; Mixtral at TP8 runs 1.12 to 1.28).
        var serving = ratios.Where(r => r.Key.Tokens >= 128).Select(r => r.Value).OrderBy(x => x).ToList();
        Assert.All(serving, ratio => Assert.InRange(ratio, 0.70, 1.35));
        Assert.InRange(serving[serving.Count / 2], 0.95, 1.15);

        // 8 to 32 tokens: 0.98 to 1.69 (the expected count of touched experts stands for the drawn one; thin cuts stream
        // their weights less well). One token: 1.4 to 3.4 times the roofline, the kernels' fixed cost (a known gap, as
        // for dense GEMMs: the stacks' fixed time per iteration carries it).
        Assert.All(ratios.Where(r => r.Key.Tokens is >= 8 and <= 32), r => Assert.InRange(r.Value, 0.9, 1.8));
        Assert.All(ratios.Where(r => r.Key.Tokens == 1), r => Assert.InRange(r.Value, 1.2, 3.8));   // 3.4 at most until 2026-12-04, 3.6 since the memory efficiency stopped paying the launch twice
    }
}
