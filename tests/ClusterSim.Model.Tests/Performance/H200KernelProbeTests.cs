using System.Globalization;
using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using Xunit.Abstractions;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// Kernels timed on an H200 (scenarios/profiles/h200_kernel_shape_probe.csv: the GEMMs of Llama 3 8B, 70B and 405B
/// layers sharded at TP 1 to 8, in BF16 and FP8, at 1 to 16,384 tokens; attention; copies), against the catalog's
/// bounds and against the roofline's pricing of a layer's GEMMs. CHECKS, except the one named a fit: the inner-dimension
/// constant K0 of GemmShapeEfficiency was fitted on this file's GEMMs at 4,096 tokens and more.
/// The question it answered: are multi-GPU 70B TensorRT-LLM rows fast (README, accuracy) because thin tensor-parallel
/// shards reach a lower fraction of peak than the whole-layer GEMMs the stacks' compute efficiency stands for? No:
/// relative to the roofline, a TP8 shard of the 70B model is within a few points of the whole 70B layer and of a TP8
/// 405B shard at every token count a serving step has (1,024 and up).
/// </summary>
public sealed class H200KernelProbeTests(ITestOutputHelper output)
{
    private sealed record Gemm(string Precision, string Model, int Tp, string Op, int M, double K, double N, double Seconds);

    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.File("scenarios", "profiles", "h200_kernel_shape_probe.csv"));

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static IEnumerable<string[]> Rows(string kind)
    {
        var header = Lines[0].Split(',');
        var kindColumn = Array.IndexOf(header, "kind");
        return Lines.Skip(1).Select(l => l.Split(',')).Where(f => f[kindColumn] == kind);
    }

    private static int Col(string name) => Array.IndexOf(Lines[0].Split(','), name);

    private static List<Gemm> Gemms() => Rows("gemm")
        .Select(f => new Gemm(f[Col("precision")], f[Col("model")], int.Parse(f[Col("tp")], CultureInfo.InvariantCulture), f[Col("op")],
            int.Parse(f[Col("m")], CultureInfo.InvariantCulture), Num(f[Col("k")]), Num(f[Col("n")]), Num(f[Col("seconds")])))
        .ToList();

    private static Scenarios.AcceleratorSpec H200Catalog => Catalog.Default.Accelerators.Single(a => a.Key == "h200-sxm");

    [Fact]
    public void No_timed_H200_kernel_beats_the_bound_of_the_catalog_peak_and_bandwidth()
    {
        var bandwidth = H200Catalog.HbmBytesPerSecond;
        var gemms = Gemms();
        Assert.Equal(10 * 4 * 12 * 2, gemms.Count); // every shape, token count and precision timed: no error rows
        double best8 = 0, best16 = 0, bestStream = 0;
        foreach (var g in gemms)
        {
            var peak = H200Catalog.PeakFlops(g.Precision == "fp8" ? Precision.Fp8 : Precision.Bf16)!.Value;
            var element = g.Precision == "fp8" ? 1.0 : 2.0;
            var bytes = element * (g.K * g.N + g.M * g.K) + 2.0 * g.M * g.N; // inputs at their precision, bf16 output
            var flops = 2.0 * g.M * g.K * g.N;
            var bound = Math.Max(flops / peak, bytes / bandwidth);
            Assert.True(g.Seconds >= bound, $"{g.Model} tp{g.Tp} {g.Op} m={g.M} {g.Precision}: {g.Seconds:E3} s beats {bound:E3} s");
            if (g.Precision == "fp8")
            {
                best8 = Math.Max(best8, flops / g.Seconds / peak);
            }
            else
            {
                best16 = Math.Max(best16, flops / g.Seconds / peak);
            }

            bestStream = Math.Max(bestStream, bytes / g.Seconds / bandwidth);
        }

        // Attention: prefill FLOPs under the BF16 peak, decode's KV bytes and the copies under the bandwidth.
        var bf16Peak = H200Catalog.PeakFlops(Precision.Bf16)!.Value;
        foreach (var f in Rows("attn_prefill"))
        {
            Assert.True(Num(f[Col("tflops")]) * 1e12 <= bf16Peak, $"prefill attention at {f[Col("context")]} beats the bf16 peak");
        }

        var streams = Rows("attn_decode").Concat(Rows("copy")).Select(f => Num(f[Col("gbs")]) * 1e9).ToList();
        Assert.All(streams, rate => Assert.True(rate <= bandwidth, $"{rate / 1e12:F2} TB/s beats the catalog's {bandwidth / 1e12:F2}"));

        output.WriteLine($"best GEMM: fp8 {best8:P1}, bf16 {best16:P1} of the dense peaks; best stream {Math.Max(bestStream, streams.Max() / bandwidth):P1} of {bandwidth / 1e12:F1} TB/s");
        // Dense peaks, not 2:4-sparse ones: the best GEMMs reach well over half of them (about 70 % measured, under the
        // 700 W power cap: h200_square_vs_layer_clocks.csv shows the SM clock at 1.3 to 1.6 GHz of 1.98 during them).
        Assert.InRange(best8, 0.6, 0.8);
        Assert.InRange(best16, 0.6, 0.8);
    }

    /// <summary>
    /// The roofline's price of one layer's GEMMs on a rank: dense FLOPs at the stack's compute efficiency and the rate
    /// their inner dimensions allow (<paramref name="shaped"/>), plus the weight stream.
    /// </summary>
    private static double ModelLayerSeconds(WorkModel work, EfficiencyParams e, int tokens, double weightBytesPerValue, LlmArchitecture model, int tp, bool shaped)
    {
        var layerWeights = (work.AlwaysWeightBytes - model.VocabTableParameters * weightBytesPerValue / tp) / model.Layers;
        var rate = work.PeakFlops * e.ComputeEfficiency * (shaped ? work.DenseShapeFactor : 1);
        return work.DenseFlops(tokens) / model.Layers / rate + layerWeights / (work.BytesPerSecond * e.MemoryEfficiency);
    }

    private static Dictionary<(string Model, int Tp, int M), double> MeasuredOverModel(bool shaped)
    {
        // The H200 (the reference copy of the catalog's entry), and the trtllm-fp8 entry as a run resolves it there.
        var h200 = ReferenceAccelerators.H200Sxm;
        var efficiency = EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-fp8", Catalog.Default.FindAccelerator);

        var ratios = new Dictionary<(string Model, int Tp, int M), double>();
        foreach (var group in Gemms().Where(g => g.Precision == "fp8").GroupBy(g => (g.Model, g.Tp, g.M)))
        {
            var model = ScenarioCompiler.ToArchitecture((LlmModelSpec)Catalog.Default.FindModel(group.Key.Model)!);
            var work = new WorkModel(new Deployment
            {
                Model = model, Accelerator = h200, WeightPrecision = Precision.Fp8, TensorParallel = group.Key.Tp, AcceleratorsPerNode = 8,
            });

            // The probe times the four GEMMs of a layer (q/k/v, o, fused gate/up, down); the model's layer adds norms'
            // weights (0.01 %), which the sum leaves in.
            Assert.Equal(4, group.Count());
            ratios[group.Key] = group.Sum(g => g.Seconds) / ModelLayerSeconds(work, efficiency, group.Key.M, 1, model, group.Key.Tp, shaped);
        }

        return ratios;
    }

    [Fact]
    public void Without_its_shape_factor_the_roofline_prices_thin_tensor_parallel_shards_as_well_as_whole_layers()
    {
        // The question the probe was run for, answered on the roofline as it stood (one rate for every GEMM shape).
        var ratios = MeasuredOverModel(shaped: false);
        foreach (var (key, ratio) in ratios.OrderBy(r => r.Key.Model).ThenBy(r => r.Key.Tp).ThenBy(r => r.Key.M))
        {
            output.WriteLine($"{key.Model} TP{key.Tp} at {key.M,5} tokens: measured / roofline {ratio:F3}");
        }

        // Serving steps (1,024 tokens and up): every shard within -10 .. +15 % of the roofline (measured 0.93 to 1.12: the
        // GEMMs of this GPU under its power cap run 3 to 10 % under the Azure benchmark the catalog's FP8 share comes from),
        // except 8B cut four or eight ways, whose o_proj has K of 1,024 or 512 (next test): 1.01 to 1.22 measured.
        foreach (var (key, ratio) in ratios.Where(r => r.Key.M >= 1024))
        {
            var shortK = key.Model == "llama-3.1-8b" && key.Tp >= 4;
            Assert.InRange(ratio, shortK ? 1.0 : 0.90, shortK ? 1.30 : 1.15);
        }

        // The finding: at 2,048 to 8,192 tokens the 70B TP8 shard's ratio is 1.03 / 1.06 / 1.11, the whole 70B layer's
        // 0.98 / 1.01 / 1.07 and the 405B TP8 shard's 1.05 / 1.05 / 1.05: at most 0.06 apart (the o_proj's short K is
        // about 0.02 of it; one point moves by a few hundredths with the clock under the power cap). At the step sizes
        // of the trtllm-bench rows (up to 3,328 tokens) they are within 0.05, so thin shards explain at most a few points
        // of the 70B TP8 rows' +8 to +18 %, and 405B at TP8, priced alike, comes out +1 to +15 %.
        foreach (var m in new[] { 2048, 4096, 8192 })
        {
            var tp8 = ratios[("llama-3.1-70b", 8, m)];
            Assert.InRange(tp8 - ratios[("llama-3.1-70b", 1, m)], -0.07, 0.07);
            Assert.InRange(tp8 - ratios[("llama-3.1-405b", 8, m)], -0.07, 0.07);
        }

        // Where the model is known to be conservative: at 256 tokens the kernels overlap the weight stream with their
        // arithmetic, which the roofline adds (measured 0.71 to 0.92 for shards of 70B and 405B). A known gap, pinned.
        foreach (var (key, ratio) in ratios.Where(r => r.Key.M == 256 && r.Key.Model != "llama-3.1-8b"))
        {
            Assert.InRange(ratio, 0.65, 0.97);
        }
    }

    [Fact]
    public void Fit_short_inner_dimensions_lose_rate_as_the_fitted_form_says()
    {
        // IN SAMPLE (K0 was fitted on these rows): at 4,096 tokens and more, FP8 GEMMs with K of 1,024 (70B's o_proj at
        // TP8, 8B's at TP4) reach 0.74 to 0.85 of the thick shapes' median rate (K >= 4,096) in the same run, K of 512
        // (8B at TP8) 0.54 to 0.68: each output tile's fixed start and drain is spread over fewer K steps. Against the
        // thick shapes' median K the code's form says 0.64 (K 512), 0.79 (1,024) and 0.90 (2,048): every measured ratio
        // within 0.12 of it (measured -0.10 to +0.07).
        var gemms = Gemms().Where(g => g.Precision == "fp8" && g.M >= 4096).ToList();
        double Rate(Gemm g) => 2.0 * g.M * g.K * g.N / g.Seconds;
        var thick = gemms.Where(g => g.K >= 4096).ToList();
        var thickMedian = thick.Select(Rate).OrderBy(x => x).ElementAt(thick.Count / 2);
        var thickK = thick.Select(g => g.K).OrderBy(x => x).ElementAt(thick.Count / 2);
        foreach (var k in new[] { 512.0, 1024.0, 2048.0 })
        {
            var predicted = GemmShapeEfficiency.RateFactor(k, Precision.Fp8) / GemmShapeEfficiency.RateFactor(thickK, Precision.Fp8);
            var measured = gemms.Where(g => g.K == k).Select(g => Rate(g) / thickMedian).ToList();
            output.WriteLine($"K {k}: form {predicted:F2}, measured {string.Join(", ", measured.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
            Assert.NotEmpty(measured);
            Assert.All(measured, r => Assert.InRange(r - predicted, -0.12, 0.12));
            Assert.All(measured, r => Assert.True(r < 1.0, "a short K never reaches the thick shapes' rate"));
        }
    }

    [Fact]
    public void With_its_shape_factor_every_shard_is_priced_within_the_same_band_at_1024_and_2048_tokens()
    {
        // A CHECK: K0 was fitted at 4,096 tokens and more; 1,024 and 2,048 tokens (a serving step's sizes) were not used.
        // Without the factor 8B at TP4 and TP8 came out 1.01 to 1.22; with it every shard lies within -10 .. +12 % of the
        // roofline (measured 0.90 to 1.10), and the 70B TP8 shard at the same place as the whole layer.
        var ratios = MeasuredOverModel(shaped: true);
        foreach (var (key, ratio) in ratios.Where(r => r.Key.M is 1024 or 2048).OrderBy(r => r.Key.Model).ThenBy(r => r.Key.Tp).ThenBy(r => r.Key.M))
        {
            output.WriteLine($"{key.Model} TP{key.Tp} at {key.M,5} tokens: measured / shaped roofline {ratio:F3}");
            Assert.InRange(ratio, 0.88, 1.12);
        }

        foreach (var m in new[] { 1024, 2048 })
        {
            Assert.InRange(ratios[("llama-3.1-70b", 8, m)] - ratios[("llama-3.1-70b", 1, m)], -0.07, 0.07);

            // Known gap: K of 512 (8B's o_proj at TP8) loses more than K / (K + K0) says at these token counts
            // (measured 0.17 and 0.09 above TP1).
            Assert.InRange(ratios[("llama-3.1-8b", 8, m)] - ratios[("llama-3.1-8b", 1, m)], 0.04, 0.22);
        }
    }

    [Fact]
    public void Fit_with_its_shape_factor_every_shard_is_priced_within_the_same_band_from_4096_tokens()
    {
        // IN SAMPLE: the rows K0 was fitted on, so no evidence for it; kept so that the form and its constant stay what
        // the fit gave (measured 1.00 to 1.09).
        var ratios = MeasuredOverModel(shaped: true);
        Assert.All(ratios.Where(r => r.Key.M >= 4096), r => Assert.InRange(r.Value, 0.95, 1.12));
    }

    [Fact]
    public void Fit_K0_is_the_least_squares_fit_of_rate_against_K_to_the_probe()
    {
        // A FIT, named as such: rate = scale x K / (K + K0) by least squares on the logarithm over the probe's GEMMs at
        // 4,096 tokens and more, per precision; the constants in GemmShapeEfficiency are this fit's result.
        foreach (var (precision, constant) in new[] { ("fp8", GemmShapeEfficiency.NarrowK0), ("bf16", GemmShapeEfficiency.WideK0) })
        {
            var points = Gemms().Where(g => g.Precision == precision && g.M >= 4096)
                .Select(g => (g.K, Rate: 2.0 * g.M * g.K * g.N / g.Seconds)).ToList();
            double Residual(double k0)
            {
                var logs = points.Select(p => Math.Log(p.Rate) - Math.Log(p.K / (p.K + k0))).ToList();
                var mean = logs.Average();
                return Math.Sqrt(logs.Average(x => (x - mean) * (x - mean)));
            }

            var best = Enumerable.Range(0, 120).Select(i => i * 5.0).MinBy(Residual);
            output.WriteLine($"{precision}: K0 {best} (constant {constant}), rms {Residual(best):P1} against {Residual(0):P1} with no K term");
            Assert.Equal(constant, best, 5.0);
            Assert.True(Residual(best) < 0.05);

            // FP8: the K term explains most of the spread (rms 9.6 % to 4.0 %); BF16, whose tiles finish K sooner, much
            // less of it (4.6 % to 3.9 %): weaker evidence, stated in GemmShapeEfficiency.
            Assert.True(Residual(best) < (precision == "fp8" ? 0.6 : 0.95) * Residual(0));
        }
    }

    [Fact]
    public void Rate_factor_by_hand_and_the_run_says_when_it_matters()
    {
        // 1,024 at FP8: (1,024 / 1,339) / (16,384 / 16,699) = 0.7795; the reference K is 1 by construction.
        Assert.Equal(1024.0 / 1339 / (16384.0 / 16699), GemmShapeEfficiency.RateFactor(1024, Precision.Fp8), 12);
        Assert.Equal(1.0, GemmShapeEfficiency.RateFactor(16384, Precision.Bf16), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmShapeEfficiency.RateFactor(0, Precision.Fp8));

        var h200 = ReferenceAccelerators.H200Sxm;
        var tp8 = new WorkModel(new Deployment { Model = ReferenceModels.Llama31_8B, Accelerator = h200, WeightPrecision = Precision.Fp8, TensorParallel = 8, AcceleratorsPerNode = 8 });
        Assert.Contains(tp8.Notes, n => n.Contains("GEMM inner dimensions per rank (smallest K 512)") && n.Contains("h200_kernel_shape_probe.csv"));
        // By hand, per rank at FP8: q/k/v K 4,096 (4,096 x 768), o K 512 (512 x 4,096), gate/up K 4,096 (4,096 x 3,584),
        // down K 1,792 (1,792 x 4,096).
        static double Rate(double k) => k / (k + 315) / (16384.0 / 16699);
        (double K, double W)[] gemms = [(4096, 4096.0 * 768), (512, 512.0 * 4096), (4096, 4096.0 * 3584), (1792, 1792.0 * 4096)];
        Assert.Equal(gemms.Sum(g => g.W) / gemms.Sum(g => g.W / Rate(g.K)), tp8.DenseShapeFactor, 12);
        Assert.InRange(tp8.DenseShapeFactor, 0.88, 0.90);
        Assert.DoesNotContain(tp8.Notes, n => n.Contains("assumed alike"));
        var tp1 = new WorkModel(new Deployment { Model = ReferenceModels.Llama31_70B, Accelerator = h200, WeightPrecision = Precision.Bf16 });
        Assert.DoesNotContain(tp1.Notes, n => n.Contains("GEMM inner dimensions"));

        // A part the probe did not run on takes the same form, and the note says it is assumed.
        var other = new WorkModel(new Deployment
        {
            Model = ReferenceModels.Llama31_8B, Accelerator = ReferenceAccelerators.H100Sxm with { Key = "mi300x" }, WeightPrecision = Precision.Fp8,
            TensorParallel = 8, AcceleratorsPerNode = 8,
        });
        Assert.Contains(other.Notes, n => n.Contains("GEMM inner dimensions") && n.Contains("not measured on mi300x, assumed alike"));

        // The shipped launch time likewise: a run on a part it was not timed on says it is assumed, one on Hopper does not.
        IReadOnlyList<string> RooflineNotes(ClusterSim.Model.Hardware.AcceleratorSpec part) => ExecutionModels.Create("roofline", new ExecutionModelContext
        {
            Deployment = new Deployment { Model = ReferenceModels.Llama31_8B, Accelerator = part },
            Efficiency = EfficiencyParams.Ideal with { GemmLaunchSeconds = GemmShapeEfficiency.LaunchSeconds },
        }).Notes;
        Assert.Contains(RooflineNotes(ReferenceAccelerators.A100Sxm80), n => n.Contains("GEMM launches: 129 per pass at 4.5 us each") && n.Contains("not measured on a100-80gb-sxm"));
        Assert.DoesNotContain(RooflineNotes(ReferenceAccelerators.H200Sxm), n => n.Contains("GEMM launches"));
    }

    [Fact]
    public void Fit_GEMM_launch_time_is_the_intercept_of_time_against_weight_bytes_at_one_and_eight_rows()
    {
        // A FIT, named as such: time = t0 + weight bytes / bandwidth by least squares over the probe's 160 GEMMs of 1 and 8
        // rows (every shard, BF16 and FP8); GemmShapeEfficiency.LaunchSeconds is its t0, rounded.
        var points = Gemms().Where(g => g.M is 1 or 8)
            .Select(g => (Bytes: (g.Precision == "fp8" ? 1.0 : 2.0) * g.K * g.N, g.Seconds)).ToList();
        Assert.Equal(160, points.Count);
        var meanX = points.Average(p => p.Bytes);
        var meanY = points.Average(p => p.Seconds);
        var slope = points.Sum(p => (p.Bytes - meanX) * (p.Seconds - meanY)) / points.Sum(p => (p.Bytes - meanX) * (p.Bytes - meanX));
        var t0 = meanY - slope * meanX;
        var rms = Math.Sqrt(points.Average(p => Math.Pow(p.Seconds - (t0 + slope * p.Bytes), 2)));
        output.WriteLine($"t0 {t0 * 1e6:F2} us, {1 / slope / 1e12:F2} TB/s, rms {rms * 1e6:F2} us");
        Assert.Equal(GemmShapeEfficiency.LaunchSeconds, t0, 0.1e-6);
        Assert.InRange(1 / slope, 4.0e12, 4.5e12);   // the stream itself near 0.88 of the 4.8 TB/s
        Assert.True(rms < 3e-6);
    }

    [Fact]
    public void The_H100_probes_stream_moved_to_the_H200_is_the_H200_probes_stream()
    {
        // A CHECK across parts: the trtllm-fp8 entry's memory efficiency comes from the H100 probe's weight-streaming GEMMs,
        // each less the launch the roofline charges apart, and moves to the H200 by the two parts' STREAM shares; the H200
        // probe's own GEMMs of 1 and 8 rows stream at the slope of their least-squares line (the fit above). Neither figure
        // saw the other's bytes; they share one number, the launch time set aside on the H100 side, which is that same
        // fit's intercept (4.5 us), so a wrong intercept would move both and this check would not see it alone. Until 2026-12-04 the H100 median kept the launch inside the stream (2,755 GB/s, paid twice): the
        // moved figure then came out 3.81 TB/s, 10 % under the H200's.
        var points = Gemms().Where(g => g.M is 1 or 8)
            .Select(g => (Bytes: (g.Precision == "fp8" ? 1.0 : 2.0) * g.K * g.N, g.Seconds)).ToList();
        var meanX = points.Average(p => p.Bytes);
        var meanY = points.Average(p => p.Seconds);
        var measured = points.Sum(p => (p.Bytes - meanX) * (p.Bytes - meanX)) / points.Sum(p => (p.Bytes - meanX) * (p.Seconds - meanY));

        var moved = EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-fp8", Catalog.Default.FindAccelerator);
        var modelled = moved.MemoryEfficiency * H200Catalog.HbmBandwidthGbs * 1e9;
        output.WriteLine($"H200 stream: modelled {modelled / 1e12:F2} TB/s (memory efficiency {moved.MemoryEfficiency:F3}), measured {measured / 1e12:F2} TB/s, {100 * (modelled / measured - 1):+0.0;-0.0} %");
        Assert.InRange(modelled / measured - 1, -0.06, 0.0);
    }

    [Fact]
    public void Prefill_attention_of_an_FP8_model_is_priced_at_the_BF16_peak_the_timed_flash_attention_runs_near()
    {
        // A CHECK: the probe's causal flash attention (BF16, one prompt of 8,192 and 16,384 tokens, the heads of a 8B or
        // 70B rank) against the rate the roofline prices an FP8 deployment's attention FLOPs at on the H200: the BF16 peak
        // (attention multiplies activations; the FP8 peak belongs to the weights' GEMMs) x the trtllm-fp8 entry's compute
        // efficiency as moved to the H200. Until 2026-12-04 attention went at the FP8 peak: twice this rate, which the
        // kernels reach a third to a half of.
        var h200 = ReferenceAccelerators.H200Sxm;
        var fp8 = EfficiencyCatalog.Default.Resolve("h200-sxm", "trtllm-fp8", Catalog.Default.FindAccelerator);
        var work = new WorkModel(new Deployment
        {
            Model = ReferenceModels.Llama31_70B, Accelerator = h200, WeightPrecision = Precision.Fp8, KvCachePrecision = Precision.Fp8,
        });
        Assert.Equal(Precision.Bf16, work.AttentionPrecision);
        var modelled = work.AttentionPeakFlops * fp8.ComputeEfficiency;

        var ratios = Rows("attn_prefill").Where(f => Num(f[Col("context")]) >= 8192)
            .Select(f => Num(f[Col("tflops")]) * 1e12 / modelled).ToList();
        output.WriteLine($"modelled attention rate {modelled / 1e12:F0} TFLOP/s; measured / modelled at 8k-16k tokens: " +
                         string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture))));
        Assert.Equal(6, ratios.Count);
        Assert.All(ratios, r => Assert.InRange(r, 0.7, 1.0));
    }
}
