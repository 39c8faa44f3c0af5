using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;
using HW = ClusterSim.Model.Hardware;
using Perf = ClusterSim.Model.Performance;
using Sc = ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// Turns a checked scenario into a serving set-up: deployments into replica pools with their KV
/// budget and iteration-time predictor, workloads into request sources, policies into routers and
/// batchers. Everything it assumes is listed in the notes.
/// </summary>
public static class ScenarioCompiler
{
    /// <summary>Memory per accelerator the runtime keeps for activations, CUDA context and buffers (vLLM profiles about this much).</summary>
    public const double ActivationReserveBytes = 1.5e9;

    public static CompiledScenario Compile(Scenario scenario, ulong? seed = null)
    {
        var notes = new List<string>();
        var efficiency = EfficiencyCatalog.Default;
        var pools = new List<PoolSetup>();
        var poolsByDeployment = new Dictionary<string, List<string>>();
        var hasPrefixHashes = scenario.Workloads.Any(w => w.Arrival is TraceArrival { Format: TraceFormat.Mooncake });

        foreach (var d in scenario.Deployments)
        {
            if (scenario.Model(d.Model) is not LlmModelSpec model)
            {
                throw new NotSupportedException($"deployment '{d.Name}': only language models run in this version ('{d.Model}' is {scenario.Model(d.Model).Kind})");
            }

            var nodes = scenario.NodeGroup(d.Nodes);
            var accelerator = scenario.Accelerator(nodes.Accelerator);
            var deployment = new Perf.Deployment
            {
                Model = ToArchitecture(model),
                Accelerator = ToAccelerator(accelerator, nodes),
                WeightPrecision = ToPrecision(model.WeightPrecision),
                KvCachePrecision = ToPrecision(model.KvPrecision),
                TensorParallel = d.Tp,
                PipelineParallel = d.Pp,
                AcceleratorsPerNode = nodes.PerNode,
            };

            var stack = d.ExecutionModel.GetString("stack", "splitwise-fp16");
            var eff = efficiency.Find(accelerator.Key, stack, out var effNote);
            if (effNote is not null)
            {
                notes.Add($"deployment '{d.Name}': {effNote}");
            }

            var predictor = ExecutionModels.Create(d.ExecutionModel.Name, new ExecutionModelContext
            {
                Deployment = deployment,
                Efficiency = eff,
                Options = d.ExecutionModel.Parameters.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            });
            notes.AddRange(predictor.Notes.Select(n => $"deployment '{d.Name}': {n}"));

            var accelerators = d.Tp * d.Pp;
            var memory = accelerator.HbmBytes * accelerators * d.MemoryFraction;
            var weights = model.ParamsB * 1e9 * model.WeightPrecision.Bytes();
            var kvBytes = memory - weights - ActivationReserveBytes * accelerators;
            var bytesPerToken = (long)Math.Ceiling(model.KvBytesPerToken);
            var blocks = (int)Math.Max(0, Math.Min(int.MaxValue, Math.Floor(kvBytes / ((double)bytesPerToken * d.KvBlockTokens))));
            notes.Add($"deployment '{d.Name}': {accelerators} x {accelerator.Key} per replica, {memory / 1e9:F1} GB usable, weights {weights / 1e9:F1} GB, KV cache {blocks:N0} blocks of {d.KvBlockTokens} tokens ({(double)blocks * d.KvBlockTokens:N0} tokens)");

            var swapBytesPerSecond = nodes.Cxl is { } cxl ? cxl.BandwidthGbs * 1e9
                : accelerator.HostLink is { } host ? host.BytesPerSecondEachWay : 32e9;
            var config = new ReplicaConfig
            {
                Role = d.Role switch { DeploymentRole.Prefill => ReplicaRole.Prefill, DeploymentRole.Decode => ReplicaRole.Decode, _ => ReplicaRole.Both },
                KvBlocks = blocks,
                BlockSizeTokens = d.KvBlockTokens,
                PrefixBlockTokens = hasPrefixHashes && MooncakeTraceSource.PrefixBlockTokens % d.KvBlockTokens == 0 ? MooncakeTraceSource.PrefixBlockTokens : 0,
                KvBytesPerToken = bytesPerToken,
                MaxSequences = d.MaxBatch,
                MaxBatchTokens = d.MaxBatchTokens,
                Preemption = d.Policies.Preemption.Name switch
                {
                    "swap" => PreemptionMode.Swap,
                    "none" => PreemptionMode.None,
                    _ => PreemptionMode.Recompute,
                },
                SwapBytesPerSecond = swapBytesPerSecond,
                Accelerators = accelerators,
                Pool = d.Name,
            };
            var batching = d.Policies.Batching;
            var parameters = Numeric(batching);
            if (!BatchPolicies.Exists(batching.Name))
            {
                throw new NotSupportedException($"deployment '{d.Name}': batching policy '{batching.Name}' is not available; built in: {string.Join(", ", BatchPolicies.Names)}");
            }

            pools.Add(new PoolSetup(d.Name, d.Replicas, config, new ExecutionModelTimer(predictor), () => BatchPolicies.Create(batching.Name, parameters))
            {
                Autoscaling = FacilityCompiler.Autoscaling(d),
            });
        }

        var runSeed = seed ?? (ulong)scenario.Run.Seed;
        var warmupNs = SimTime.FromSeconds(scenario.Run.WarmupSeconds);
        var endNs = scenario.Run.DurationSeconds is { } duration ? warmupNs + SimTime.FromSeconds(duration) : long.MaxValue;
        var textWorkloads = scenario.Workloads.OfType<TextWorkloadSpec>().ToList();
        foreach (var w in scenario.Workloads.Where(w => w is not TextWorkloadSpec))
        {
            notes.Add($"workload '{w.Name}' ({w.Kind}) is not simulated in this version: only text workloads run");
        }

        if (textWorkloads.Count == 0)
        {
            throw new NotSupportedException("the scenario has no text workload; video and avatar workloads do not run in this version");
        }

        var totalRate = textWorkloads.Sum(w => w.Arrival.MeanRate ?? 0);
        var classes = new List<ClassSetup>();
        foreach (var w in textWorkloads)
        {
            long maxCount = long.MaxValue;
            if (scenario.Run.Requests is { } requests)
            {
                maxCount = textWorkloads.Count == 1 || totalRate == 0
                    ? requests
                    : (long)Math.Round(requests * (w.Arrival.MeanRate ?? 0) / totalRate);
            }

            var slo = new SloTargets(w.Slo.TtftSeconds, w.Slo.TpotSeconds ?? w.Slo.TbtSeconds, w.Slo.E2eSeconds);
            classes.Add(new ClassSetup(w.Name, sim => Source(w, sim, endNs, maxCount), slo, w.Priority)
            {
                Pools = w.Deployments.Count > 0 ? w.Deployments : null,
            });
        }

        var routing = scenario.Policies.Routing;
        if (!Routers.Exists(routing.Name))
        {
            throw new NotSupportedException($"routing policy '{routing.Name}' is not available; built in: {string.Join(", ", Routers.Names)}");
        }

        var routerParameters = Numeric(routing);
        var network = scenario.Hardware.Nodes.Select(n => n.Network).FirstOrDefault(n => n is not null);
        var facility = FacilityCompiler.Build(scenario, notes);
        var setup = new ServingSetup
        {
            Name = scenario.Name,
            Seed = runSeed,
            Classes = classes,
            Pools = pools,
            Router = () => Routers.Create(routing.Name, routerParameters),
            WarmupNs = warmupNs,
            KvLinkBytesPerSecond = network?.BytesPerSecondEachWay ?? 50e9,
            KvLinkLatencyNs = network?.LatencySeconds is { } lat ? SimTime.FromSeconds(lat) : 5_000,
            Facility = facility,
            MinEndNs = endNs == long.MaxValue ? 0 : endNs,
        };
        return new CompiledScenario(scenario, setup, notes);
    }

    private static IRequestSource Source(TextWorkloadSpec w, Simulation sim, long endNs, long maxCount)
    {
        if (w.Arrival is TraceArrival trace)
        {
            var options = new TraceOptions(Speed: 1 / trace.TimeScale);
            TraceRequestSource source = trace.Format == TraceFormat.Mooncake
                ? new MooncakeTraceSource(trace.Path, options)
                : new AzureLlmTraceSource(trace.Path, options);
            return maxCount == long.MaxValue && endNs == long.MaxValue ? source : new LimitedSource(source, endNs, maxCount);
        }

        var arrivals = Arrivals(w.Arrival);
        var prompt = Size(w.PromptTokens ?? throw new NotSupportedException($"workload '{w.Name}' needs prompt_tokens"));
        var output = Size(w.OutputTokens ?? throw new NotSupportedException($"workload '{w.Name}' needs output_tokens"));
        return new SyntheticRequestSource(arrivals, prompt, output, sim.Random["arrivals/" + w.Name], sim.Random["sizes/" + w.Name],
            endNs: endNs, maxCount: maxCount);
    }

    private static IArrivalProcess Arrivals(ArrivalSpec spec) => spec switch
    {
        PoissonArrival p => new PoissonArrivals(p.Rate),
        GammaArrival g => new GammaArrivals(g.Rate, g.Cv),
        ConstantArrival c => new ConstantArrivals(c.Rate),
        DiurnalArrival d => new DiurnalArrivals(d.Mean, d.PeakToTrough, d.PeriodSeconds, d.PeakAtSeconds),
        MmppArrival m => new MmppArrivals(m.Rate, m.BurstRate, m.BurstEverySeconds, m.BurstLengthSeconds),
        _ => throw new NotSupportedException($"arrival process {spec.GetType().Name} is not supported by the text runner yet"),
    };

    private static ISizeDistribution Size(DistributionSpec spec) => spec switch
    {
        ConstantDistribution c => new ConstantSize((int)Math.Round(c.Value)),
        UniformDistribution u => new UniformSize((int)Math.Round(u.Min), (int)Math.Round(u.Max)),
        NormalDistribution n => new NormalSize(n.Mu, n.Std, (int)(n.Min ?? 1), (int)Math.Min(int.MaxValue, n.Max ?? int.MaxValue)),
        LognormalDistribution l => new LogNormalSize(l.MeanValue, l.Cv, (int)(l.Min ?? 1), (int)Math.Min(int.MaxValue, l.Max ?? int.MaxValue)),
        ExponentialDistribution e => new GeometricSize(Math.Max(1, e.MeanValue)),
        EmpiricalDistribution e => new EmpiricalSize(File.ReadLines(e.Path).Skip(e.Column is null ? 0 : 1)
            .Select(line => (int)Math.Round(double.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) * e.Scale))),
        _ => throw new NotSupportedException($"size distribution {spec.GetType().Name} is not supported"),
    };

    private static IReadOnlyDictionary<string, double> Numeric(PolicySpec policy)
        => policy.Parameters.Where(p => p.Value is double).ToDictionary(p => p.Key, p => (double)p.Value);

    internal static HW.Precision ToPrecision(Sc.Precision p) => Enum.Parse<HW.Precision>(p.ToString());

    internal static LlmArchitecture ToArchitecture(LlmModelSpec m) => new()
    {
        Key = m.Key,
        Name = m.Name,
        ParamsB = m.ParamsB,
        ActiveParamsB = m.ActiveParamsB,
        Layers = m.Layers,
        HiddenSize = m.HiddenSize,
        Heads = m.Heads,
        KvHeads = m.KvHeads,
        HeadDim = m.HeadDim,
        FfnSize = m.FfnSize,
        VocabSize = m.VocabSize,
        Moe = m.Moe is { } moe ? new Perf.MoeSpec(moe.Experts, moe.ActiveExperts, moe.ExpertFfnSize, moe.SharedExperts, moe.DenseLayers) : null,
        Mla = m.Mla is { } mla ? new Perf.MlaSpec(mla.KvLoraRank, mla.QkRopeHeadDim, mla.QLoraRank ?? 0, mla.QkNopeHeadDim ?? 0, mla.VHeadDim ?? 0) : null,
    };

    internal static HW.AcceleratorSpec ToAccelerator(Sc.AcceleratorSpec a, NodeSpec nodes) => new()
    {
        Key = a.Key,
        Name = a.Name,
        Vendor = a.Vendor ?? "",
        HbmGb = a.HbmGb,
        HbmBandwidthGbs = a.HbmBandwidthGbs,
        Tflops = a.Tflops.ToDictionary(p => ToPrecision(p.Key), p => p.Value),
        TdpW = a.TdpW,
        IdleW = a.IdleW ?? 0,
        ScaleUp = (nodes.Link ?? a.ScaleUp) is { } up ? ToLink(up) : null,
        HostLink = a.HostLink is { } host ? ToLink(host) : null,
        ScaleOut = nodes.Network is { } net ? ToLink(net) : null,
    };

    private static HW.LinkSpec ToLink(Sc.LinkSpec l) => new(l.Kind.ToString().ToLowerInvariant(), l.BidirGbs, (l.LatencySeconds ?? 0) * 1e6);

    /// <summary>Stops a trace at the run's end time or request budget.</summary>
    private sealed class LimitedSource(IRequestSource inner, long endNs, long maxCount) : IRequestSource
    {
        private long _count;

        public bool TryNext(out TextRequestSpec request)
        {
            if (_count >= maxCount || !inner.TryNext(out request) || request.ArrivalNs > endNs)
            {
                request = default;
                return false;
            }

            _count++;
            return true;
        }
    }
}
