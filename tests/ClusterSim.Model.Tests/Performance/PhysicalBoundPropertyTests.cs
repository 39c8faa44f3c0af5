using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Xunit.Abstractions;
using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// Over thousands of random batches, models, precisions and accelerators, no prediction is ever below the physical
/// bound: all FLOPs at the accelerator's highest peak, all bytes at its peak bandwidth, nothing else. The bound is
/// worked out here from the textbook counts, independently of the predictor's own bookkeeping.
/// </summary>
public sealed class PhysicalBoundPropertyTests(ITestOutputHelper output)
{
    private static readonly Precision[] AllPrecisions = Precisions.All.ToArray();

    [Fact]
    public void Roofline_is_never_below_the_physical_bound()
    {
        var random = new Random(20240611);
        int checkedCases = 0, rejectedDeployments = 0;
        var tightest = double.PositiveInfinity;
        while (checkedCases < 5000)
        {
            var deployment = RandomDeployment(random);
            var efficiency = RandomEfficiency(random);
            IExecutionModel model;
            try
            {
                model = ExecutionModels.Create("roofline", new ExecutionModelContext { Deployment = deployment, Efficiency = efficiency });
            }
            catch (ArgumentException)
            {
                // Impossible deployments (no fall-back precision, no link to span nodes) must be refused, not predicted.
                rejectedDeployments++;
                continue;
            }

            for (var i = 0; i < 4; i++)
            {
                var shape = RandomShape(random);
                var cost = model.Predict(shape);
                var bound = IndependentBound(deployment, shape);
                Assert.True(cost.Seconds >= bound * (1 - 1e-12),
                    $"case {checkedCases}: predicted {cost.Seconds} s < bound {bound} s for {deployment.Model.Key} on {deployment.Accelerator.Key}, {shape}");
                Assert.True(cost.DurationNs >= bound * 1e9 * (1 - 1e-12));

                // And against the predictor's own counts at the precision it computes at.
                var ownBound = Math.Max(cost.FlopsPerDevice / MaxPeak(deployment.Accelerator), cost.BytesPerDevice / (deployment.Accelerator.HbmBandwidthGbs * 1e9));
                Assert.True(cost.Seconds >= ownBound * (1 - 1e-12));
                tightest = Math.Min(tightest, cost.Seconds / bound);
                checkedCases++;
            }
        }

        output.WriteLine($"{checkedCases} predictions checked, {rejectedDeployments} impossible deployments refused; tightest predicted/bound {tightest:F4}");
        Assert.True(rejectedDeployments > 0, "the generator should also produce impossible deployments");
    }

    [Fact]
    public void Profile_interpolation_is_never_below_the_physical_bound()
    {
        var profile = SplitwiseProfile.Load(RepoFiles.SplitwiseProfile);
        var random = new Random(7);
        var checkedCases = 0;
        foreach (var (hardware, accelerator) in SplitwiseCalibration.Hardware)
        {
            foreach (var tp in new[] { 2, 4, 8 })
            {
                var deployment = new Deployment
                {
                    Model = ReferenceModels.Llama2_70B, Accelerator = accelerator, TensorParallel = tp,
                    WeightPrecision = Precision.Fp16, KvCachePrecision = Precision.Fp16, ActivationPrecision = Precision.Fp16,
                };
                var model = ExecutionModels.Create("profile", new ExecutionModelContext
                {
                    Deployment = deployment, Profile = profile, ProfileModel = "llama2-70b", ProfileHardware = hardware,
                });
                for (var i = 0; i < 300; i++)
                {
                    var shape = RandomShape(random);
                    var cost = model.Predict(shape);
                    Assert.True(cost.Seconds >= IndependentBound(deployment, shape) * (1 - 1e-12));
                    checkedCases++;
                }
            }
        }

        output.WriteLine($"{checkedCases} profile predictions checked");
    }

    /// <summary>max(FLOPs / highest peak, bytes / bandwidth) per accelerator, from first principles.</summary>
    private static double IndependentBound(Deployment d, IterationShape s)
    {
        var m = d.Model;
        var ranks = (double)d.TensorParallel * d.PipelineParallel;
        double attentionPerPair;
        double kvBytesPerToken;
        var kvElement = d.KvCachePrecision.Bytes();
        if (m.Mla is { } mla)
        {
            var qk = (mla.QkNopeHeadDim > 0 ? mla.QkNopeHeadDim : m.EffectiveHeadDim) + mla.QkRopeHeadDim;
            var v = mla.VHeadDim > 0 ? mla.VHeadDim : m.EffectiveHeadDim;
            attentionPerPair = m.Layers * (2.0 * m.Heads * qk + 2.0 * m.Heads * v);
            kvBytesPerToken = m.Layers * (double)(mla.KvLoraRank + mla.QkRopeHeadDim) * kvElement;
        }
        else
        {
            attentionPerPair = 4.0 * m.Layers * m.Heads * m.EffectiveHeadDim;
            kvBytesPerToken = m.Layers * 2.0 * m.EffectiveKvHeads * m.EffectiveHeadDim * kvElement;
        }

        // The vocab x hidden tables are no per-token GEMM: the embedding is a lookup, the output projection runs once
        // per sampled sequence (and the untied embedding table is not streamed, only its looked-up rows).
        var table = (double)m.VocabSize * m.HiddenSize;
        var tables = m.TiedEmbeddings ? 1 : 2;
        var flops = 2.0 * (m.ActiveParameters - tables * table) * s.Tokens + 2.0 * table * s.Sequences
                    + attentionPerPair * (s.PrefillAttentionPairs + s.DecodeContextTokens);

        // Weights: every parameter outside the routed experts, plus at least top-k experts per MoE layer.
        var weightParams = m.Moe is { } moe
            ? m.TotalParameters - m.MoeLayers * (double)moe.Experts * 3 * m.HiddenSize * moe.ExpertFfnSize
              + m.MoeLayers * (double)moe.ActiveExperts * 3 * m.HiddenSize * moe.ExpertFfnSize
            : m.TotalParameters;
        weightParams -= (tables - 1) * table;
        var kvTokens = (double)s.DecodeContextTokens + s.PrefillCachedTokens + s.Tokens;
        var bytes = weightParams * d.WeightPrecision.Bytes() + kvTokens * kvBytesPerToken;

        return Math.Max(flops / ranks / MaxPeak(d.Accelerator), bytes / ranks / (d.Accelerator.HbmBandwidthGbs * 1e9));
    }

    private static double MaxPeak(AcceleratorSpec accelerator) => accelerator.Tflops.Values.Max() * 1e12;

    private static Deployment RandomDeployment(Random r)
    {
        var model = RandomModel(r);
        var tp = new[] { 1, 1, 2, 4, 8, 16 }[r.Next(6)];
        var pp = Math.Min(model.Layers, new[] { 1, 1, 1, 2, 4 }[r.Next(5)]);

        // Expert parallelism over a divisor of tp that divides the experts; attention data parallelism over all of tp.
        var ep = 1;
        var attentionDp = false;
        if (model.Moe is { } moe && tp > 1 && r.Next(2) == 0)
        {
            var divisors = new[] { 2, 4, 8, 16 }.Where(e => tp % e == 0 && moe.Experts % e == 0).ToArray();
            ep = divisors.Length == 0 ? 1 : divisors[r.Next(divisors.Length)];
            attentionDp = ep == tp && moe.Experts % tp == 0 && r.Next(2) == 0;
            ep = attentionDp ? tp : ep;
        }

        // A measured router skew, anywhere a top-k router can produce (it only ever loads the busiest rank more).
        ExpertPopularity? popularity = null;
        if (model.Moe is { } routed && ep > 1 && r.Next(2) == 0)
        {
            var most = (double)routed.Experts / routed.ActiveExperts;
            popularity = new ExpertPopularity(r.NextDouble() * Math.Sqrt(most - 1), 1 + r.NextDouble() * (most - 1), "random");
        }

        return new Deployment
        {
            ExpertParallel = ep,
            AttentionDataParallel = attentionDp,
            ExpertPopularity = popularity,
            Model = model,
            Accelerator = RandomAccelerator(r),
            WeightPrecision = AllPrecisions[r.Next(AllPrecisions.Length)],
            KvCachePrecision = AllPrecisions[r.Next(AllPrecisions.Length)],
            ActivationPrecision = r.Next(2) == 0 ? Precision.Bf16 : Precision.Fp16,
            TensorParallel = tp,
            PipelineParallel = pp,
            PipelineMicroBatches = new[] { 1, 1, 2, 4 }[r.Next(4)],
            AcceleratorsPerNode = new[] { 4, 8, 8, 72 }[r.Next(4)],
        };
    }

    private static LlmArchitecture RandomModel(Random r)
    {
        var headDim = r.Next(2) == 0 ? 64 : 128;
        var heads = 8 * r.Next(1, 17);
        var hidden = heads * headDim;
        var kvHeads = new[] { 1, 2, 4, 8, heads }[r.Next(5)];
        kvHeads = Math.Min(kvHeads, heads);
        var layers = r.Next(2, 97);
        var ffn = (int)(hidden * (2 + 2 * r.NextDouble()));
        var vocab = r.Next(30000, 260000);
        MoeSpec? moe = null;
        var mlpParams = 3.0 * hidden * ffn;
        double expertParams = 0;
        if (r.Next(3) == 0)
        {
            var experts = new[] { 8, 16, 64, 256 }[r.Next(4)];
            moe = new MoeSpec(experts, r.Next(1, Math.Min(8, experts) + 1), ffn / 4 + 1, r.Next(2), r.Next(0, Math.Min(3, layers)));
            expertParams = (layers - moe.DenseLayers) * (double)experts * 3 * hidden * moe.ExpertFfnSize;
            mlpParams = 0;
        }

        MlaSpec? mla = r.Next(5) == 0 ? new MlaSpec(r.Next(128, 1025), new[] { 0, 32, 64 }[r.Next(3)]) : null;
        var attentionParams = hidden * (double)(heads + 2 * kvHeads) * headDim + (double)heads * headDim * hidden;
        var total = layers * (attentionParams + mlpParams) + expertParams + 2.0 * vocab * hidden;
        return new LlmArchitecture
        {
            Key = $"random-{layers}x{hidden}",
            ParamsB = total / 1e9,
            Layers = layers,
            HiddenSize = hidden,
            Heads = heads,
            KvHeads = kvHeads,
            HeadDim = headDim,
            FfnSize = ffn,
            VocabSize = vocab,
            Moe = moe,
            Mla = mla,
        };
    }

    private static AcceleratorSpec RandomAccelerator(Random r)
    {
        var tflops = new Dictionary<Precision, double>();
        foreach (var precision in AllPrecisions)
        {
            if (r.Next(3) > 0)
            {
                tflops[precision] = 20 + 5000 * r.NextDouble();
            }
        }

        return new AcceleratorSpec
        {
            Key = $"random-{r.Next(1000)}",
            HbmGb = 16 + 200 * r.NextDouble(),
            HbmBandwidthGbs = 300 + 9000 * r.NextDouble(),
            Tflops = tflops,
            ScaleUp = r.Next(4) == 0 ? null : new LinkSpec("nvlink", 100 + 1700 * r.NextDouble(), r.NextDouble()),
            HostLink = r.Next(4) == 0 ? null : new LinkSpec("pcie5", 64 + 64 * r.NextDouble()),
            ScaleOut = r.Next(3) == 0 ? null : new LinkSpec("infiniband", 25 + 100 * r.NextDouble(), 2 * r.NextDouble()),
        };
    }

    private static EfficiencyParams RandomEfficiency(Random r) => new()
    {
        Accelerator = "random",
        Stack = "random",
        ComputeEfficiency = 0.01 + 0.99 * r.NextDouble(),
        MemoryEfficiency = 0.01 + 0.99 * r.NextDouble(),
        LinkEfficiency = 0.01 + 0.99 * r.NextDouble(),
        ComputeSaturationTokens = r.Next(2) == 0 ? 0 : 2000 * r.NextDouble(),
        IterationOverheadSeconds = r.Next(2) == 0 ? 0 : 0.05 * r.NextDouble(),
        SequenceOverheadSeconds = r.Next(2) == 0 ? 0 : 1e-3 * r.NextDouble(),
        PrefillOverheadSeconds = r.Next(2) == 0 ? 0 : 0.02 * r.NextDouble(),
        CollectiveStepLatencySeconds = r.Next(2) == 0 ? 0 : 2e-5 * r.NextDouble(),
    };

    private static IterationShape RandomShape(Random r)
    {
        var shape = default(IterationShape);
        var prefills = r.Next(3) == 0 ? 0 : r.Next(0, 65);
        for (var i = 0; i < prefills; i++)
        {
            shape = shape.WithPrefillChunk(r.Next(1, 32769), r.Next(2) == 0 ? 0 : r.Next(0, 8193));
        }

        var decodes = r.Next(3) == 0 ? 0 : r.Next(0, 1025);
        for (var i = 0; i < decodes; i++)
        {
            shape = shape.WithDecode(r.Next(1, 131073));
        }

        return shape.IsEmpty ? IterationShape.Decode(1, r.Next(1, 100)) : shape;
    }
}
