using ClusterSim.Engine.Core;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Batching;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Serving.Routing;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Model.Setup.Kinds;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Prompts;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;
using ClusterSim.Scenarios.Policies;
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
    /// <summary>
    /// Memory per accelerator the runtime keeps for activations, CUDA context and buffers. ESTIMATE, not a
    /// measurement: vLLM sizes it by a profiling pass (peak activations of one max-size batch, CUDA graphs,
    /// NCCL buffers), which comes to about 1 to 2 GB for 8B to 70B models at 8k tokens per iteration.
    /// </summary>
    public const double ActivationReserveBytes = 1.5e9;

    /// <summary>The execution-model parameter of the step-scale what-if (<see cref="ExecutionModelTimer.StepScale"/>).</summary>
    public const string StepScaleParameter = "step_scale";

    /// <summary>
    /// The scenario's set-up. A scenario the model cannot run (a combination the language allows) is a
    /// <see cref="ScenarioException"/> located at the key it is about, like the loader's errors; nothing else
    /// comes out for bad input.
    /// </summary>
    public static CompiledScenario Compile(Scenario scenario, ulong? seed = null)
    {
        try
        {
            return At("", () => CompileUnlocated(scenario, seed));
        }
        catch (CompileProblem problem)
        {
            throw new ScenarioException([scenario.ErrorAt(problem.Path, problem.Message)]);
        }
    }

    /// <summary>Exceptions the set-up code raises for input it cannot use (as opposed to a bug).</summary>
    internal static bool IsInputError(Exception ex)
        => ex is NotSupportedException or ArgumentException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException;

    /// <summary>An input error raised under <paramref name="path"/>, as a problem located there; an inner, more precise one is kept.</summary>
    internal static T At<T>(string path, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            throw Problem(path, ex);
        }
    }

    internal static void At(string path, Action body) => At(path, () =>
    {
        body();
        return 0;
    });

    /// <summary>Without the runtime's " (Parameter 'x') Actual value was ..." tail, which names code, not the scenario.</summary>
    internal static CompileProblem Problem(string path, Exception ex)
        => new(path, ex is ArgumentException ? ex.Message.Split(" (Parameter")[0].TrimEnd() : ex.Message, ex);

    /// <summary>Where a deployment's effective policy was written: its own policies, else the scenario's.</summary>
    internal static string PolicyPath(Scenario scenario, DeploymentSpec d, string key)
        => scenario.Locations.Contains($"deployments.{d.Name}.policies.{key}") ? $"deployments.{d.Name}.policies.{key}" : $"policies.{key}";

    /// <summary>Where a deployment's execution model was written: its own, else the scenario's.</summary>
    internal static string ExecutionPath(Scenario scenario, DeploymentSpec d)
        => scenario.Locations.Contains($"deployments.{d.Name}.execution_model") ? $"deployments.{d.Name}.execution_model" : "execution_model";

    private static CompiledScenario CompileUnlocated(Scenario scenario, ulong? seed)
    {
        var notes = new List<string>();
        var execution = new List<ExecutionProvenance>();
        var efficiency = EfficiencyCatalog.Default;
        var pools = new List<PoolSetup>();
        foreach (var plugin in scenario.Plugins)
        {
            if (!PluginAssemblies.TryLoad(plugin, out var error))
            {
                throw new CompileProblem("plugins", error ?? $"plug-in '{plugin}' cannot be loaded");
            }
        }

        var runSeed = seed ?? (ulong)scenario.Run.Seed;
        var warmupNs = SimTime.FromSeconds(scenario.Run.WarmupSeconds);
        var endNs = scenario.Run.DurationSeconds is { } duration ? warmupNs + SimTime.FromSeconds(duration) : long.MaxValue;

        // Every other kind compiles in its own compiler: fed its deployments in file order (interleaved with text
        // pools, as their notes are), then its workloads.
        var context = new KindCompileContext(scenario, efficiency, notes, endNs);
        var requestPaths = new Dictionary<string, RequestPathSpec>();
        var builders = KindCompilers.All.Select(k => (Compiler: k, Builder: k.Begin(context))).ToList();

        var hasPrefixHashes = scenario.Workloads.Any(w => w.Arrival is TraceArrival { Format: TraceFormat.Mooncake } or TraceArrival { Columns.HashIds: not null });

        // A prompt pool's ids name blocks of the largest KV block any text deployment uses, so every deployment whose
        // block divides it (engines' block sizes are powers of two) can cache them; a trace's ids name 512-token blocks,
        // and one cache cannot key both.
        var promptPools = scenario.Workloads.OfType<TextWorkloadSpec>().Where(w => w.SharedPrefix is not null).ToList();
        var poolBlockTokens = 0;
        if (promptPools.Count > 0)
        {
            if (hasPrefixHashes)
            {
                throw new CompileProblem($"workloads.{promptPools[0].Name}.shared_prefix",
                    $"workload '{promptPools[0].Name}': a shared_prefix pool cannot run beside a trace with prefix-block ids (Mooncake's hash_ids, 512 tokens each): one prefix cache keys one size of block; run them in separate scenarios");
            }

            poolBlockTokens = scenario.Deployments.Where(d => scenario.Model(d.Model).Kind == "llm").Select(d => d.KvBlockTokens).DefaultIfEmpty(16).Max();
        }

        // A prefill pool hands every request over to a decode pool: without one the cluster could not start. Said at the
        // prefill deployment's role, where the file is to be fixed, not as an error of the whole cluster.
        if (scenario.Deployments.FirstOrDefault(d => d.Role == DeploymentRole.Prefill) is { } prefill
            && !scenario.Deployments.Any(d => d.Role == DeploymentRole.Decode))
        {
            throw new CompileProblem($"deployments.{prefill.Name}.role", $"deployment '{prefill.Name}' is a prefill pool, but no deployment has role decode to hand its requests over to");
        }

        foreach (var d in scenario.Deployments)
        {
            try
            {
                var kind = scenario.Model(d.Model).Kind;
                if (builders.FirstOrDefault(b => b.Compiler.ModelKind == kind).Builder is { } builder)
                {
                    if (d.RequestPath is not null)
                    {
                        // Not silent: the path is a text request's; a video, image or avatar request's latency is its own kind's.
                        notes.Add($"deployment '{d.Name}': request_path is not applied to {kind} requests: it times an LLM engine's HTTP path, which a {kind} pool's latencies do not include");
                    }

                    builder.AddPool(d);
                    continue;
                }

                var model = scenario.Model(d.Model) as LlmModelSpec
                    ?? throw new NotSupportedException($"deployment '{d.Name}': no compiler for {kind} models is registered");

                var nodes = scenario.NodeGroup(d.Nodes);
                var accelerator = scenario.Accelerator(nodes.Accelerator);
                var deployment = new Perf.Deployment
                {
                    Model = ToArchitecture(model),
                    Accelerator = ToAccelerator(accelerator, nodes),
                    WeightPrecision = model.WeightPrecision,
                    KvCachePrecision = model.KvPrecision,
                    ComputePrecision = model.ComputePrecision,
                    TensorParallel = d.Tp,
                    PipelineParallel = d.Pp,
                    PipelineMicroBatches = d.PpMicroBatches,
                    ExpertParallel = d.ExpertParallel,
                    AttentionDataParallel = d.AttentionDataParallel,
                    ExpertPopularity = d.ExpertLoad is { } load ? new Perf.ExpertPopularity(load.Cv, load.Hottest, $"the deployment's expert_load") : null,
                    ExpertExchange = d.ExpertExchange ?? ExpertExchange.AllGather,
                    DispatchPrecision = d.DispatchPrecision,
                    AcceleratorsPerNode = nodes.PerNode,
                };
                (deployment, var mixedNote) = WithMixedWeights(deployment, model, accelerator, d.Name);
                if (!d.AttentionDataParallel && (d.ExpertExchange is not null || d.DispatchPrecision is not null))
                {
                    notes.Add($"deployment '{d.Name}': expert_exchange is not used: it says how attention dp moves each rank's tokens to their experts, " +
                              "and this deployment runs attention tp, where every rank holds every token and the experts' outputs are all-reduced");
                }

                var eff = Efficiency(scenario, d, efficiency, notes, execution,
                    deployment.Accelerator.ResolveCompute(deployment.RequestedComputePrecision) ?? deployment.RequestedComputePrecision);

                var predictor = ExecutionModels.Create(d.ExecutionModel.Name, new ExecutionModelContext
                {
                    Deployment = deployment,
                    Efficiency = eff,
                    Options = d.ExecutionModel.Parameters.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                });
                notes.AddRange(predictor.Notes.Select(n => $"deployment '{d.Name}': {n}"));
                if (predictor is not Perf.IStepBreakdown)
                {
                    notes.Add($"deployment '{d.Name}': the {d.ExecutionModel.Name} execution model gives step times without parts (it does not implement " +
                              "IStepBreakdown), so the run reports no busy_time for it and clustersim step shows its step times only");
                }
                if (deployment.Model.LocalAttention is { } local)
                {
                    // The roofline reads the shape's skipped tokens; another predictor prices the whole context unless it reads them too.
                    var priced = predictor switch
                    {
                        Perf.RooflineExecutionModel => "their attention FLOPs and KV reads are priced over the tokens they attend",
                        Perf.ProfileExecutionModel => $"the {d.ExecutionModel.Name} execution model looks decode steps up by the whole context, so the window counts only as far as its measured timings hold it",
                        _ => $"the {d.ExecutionModel.Name} execution model is handed the tokens they skip (IterationShape.DecodeSkippedTokens), which it may or may not read",
                    };
                    var kv = !d.LocalKvWindow
                        ? "the KV cache holds every token of the context in them, as in the other layers (local_kv: whole, the default; TensorRT-LLM sized its " +
                          "cache so); an engine that frees what a window has passed (vLLM's hybrid KV cache manager, SGLang's sliding-window pool) holds more " +
                          "sequences: local_kv: window"
                        : local.Layers < local.ModelLayers
                            ? "the KV cache holds the other layers' whole context and, for each sequence, the local layers' window (the shorter of it and the " +
                              "sequence's longest context), taken whole at admission, as an engine that frees what a window has passed does (local_kv: window)"
                            : "local_kv: window is not priced where every layer is local (no whole-context layer to count the cache in): the KV cache holds " +
                              $"every token, so where contexts pass {local.Window:N0} tokens an engine holds more sequences than simulated";
                    notes.Add($"deployment '{d.Name}': in '{model.Key}' {local.Describe()} (local_attention): {priced}; {kv}");
                }

                if (mixedNote is not null)
                {
                    // Only the roofline prices the second share's GEMMs; any predictor still gets its stored bytes (memory, KV room).
                    notes.Add(predictor is Perf.RooflineExecutionModel ? mixedNote
                        : $"deployment '{d.Name}': the {d.ExecutionModel.Name} execution model does not price mixed_weights' {model.Mixed!.Precision.Key()} share: " +
                          "its own timings stand, and only the share's stored bytes count (weights in memory, room left for the KV cache)");
                }

                var accelerators = d.Tp * d.Pp;
                var memory = accelerator.HbmBytes * accelerators * d.MemoryFraction;
                var weights = d.ReplicaWeightBytes(model); // with attention dp, all but the routed experts on every rank
                var kvBytes = memory - weights - ActivationReserveBytes * accelerators;
                // As stored across the replica (an MLA latent on every tensor rank, KV heads copied when fewer than
                // ranks), not the model's own per-token size: the same bytes the roofline reads.
                // With local attention the pool counts the whole-context layers' bytes a token, and each sequence also
                // holds its local layers' window (ReplicaConfig.WindowPoolTokens); every layer local: the pool counts them whole.
                var localShare = d.LocalKvWindow && deployment.Model.LocalAttention is { LayerShare: < 1 } windowed ? windowed.LayerShare : 0;
                var bytesPerToken = (long)Math.Ceiling(new Perf.WorkModel(deployment).KvBytesPerTokenPerReplica * (1 - localShare));
                var blocks = (int)Math.Max(0, Math.Min(int.MaxValue, Math.Floor(kvBytes / ((double)bytesPerToken * d.KvBlockTokens))));
                if (d.KvCacheTokens is { } given)
                {
                    // The engine's own count stands in for the worked-out one; say both, and where memory could not hold it.
                    var sized = (double)blocks * d.KvBlockTokens;
                    blocks = given / d.KvBlockTokens;
                    var beyond = (double)blocks * d.KvBlockTokens > sized
                        ? $"; more than the {sized:N0} tokens the memory left after the weights and the reserve was worked out to hold"
                        : "";
                    notes.Add($"deployment '{d.Name}': KV cache as given (kv_cache_tokens {given:N0}): {blocks:N0} blocks of {d.KvBlockTokens} tokens, " +
                              $"in place of the {sized:N0} tokens worked out from memory_fraction {d.MemoryFraction:0.###}, the weights and {ActivationReserveBytes / 1e9:0.#} GB a GPU{beyond}");
                }

                notes.Add($"deployment '{d.Name}': {accelerators} x {accelerator.Key} per replica, {memory / 1e9:F1} GB usable, weights {weights / 1e9:F1} GB, KV cache {blocks:N0} blocks of {d.KvBlockTokens} tokens ({(double)blocks * d.KvBlockTokens:N0} tokens)");

                // A pipelined replica keeps its micro-batches in flight, each held to the engine's limits.
                var microBatches = d.Pp > 1 ? d.PpMicroBatches : 1;
                if (microBatches > 1)
                {
                    notes.Add($"deployment '{d.Name}': {d.Pp} pipeline stages with {microBatches} micro-batches in flight, pipelined without a break; " +
                              $"max_batch {d.MaxBatch} and max_batch_tokens {d.MaxBatchTokens} (and a batch policy's token budget) apply to each micro-batch, " +
                              $"as engines apply them, so a replica holds up to {(long)d.MaxBatch * microBatches} sequences");
                }

                if (d.AttentionDataParallel)
                {
                    notes.Add($"deployment '{d.Name}': with attention dp, max_batch_tokens ({d.MaxBatchTokens}) and a batch policy's token budget are the replica's, " +
                              $"each of the {d.Tp} ranks' engines taking 1/{d.Tp} of them ({d.MaxBatchTokens / d.Tp} of max_batch_tokens); a prompt runs on one rank, " +
                              "so chunked prefill holds its chunk to that rank's share less the rank's decodes");
                }

                var swapBytesPerSecond = nodes.Cxl is { } cxl ? cxl.BandwidthGbs * 1e9
                    : accelerator.HostLink is { } host ? host.BytesPerSecondEachWay : 32e9; // no link in the catalog: PCIe Gen4 x16, about 32 GB/s each way
                var ahead = ScheduleAhead(d, notes);
                var config = new ReplicaConfig
                {
                    ScheduleAhead = ahead,
                    Role = d.Role switch { DeploymentRole.Prefill => ReplicaRole.Prefill, DeploymentRole.Decode => ReplicaRole.Decode, _ => ReplicaRole.Both },
                    KvBlocks = blocks,
                    BlockSizeTokens = d.KvBlockTokens,
                    PrefixBlockTokens = PrefixBlockTokens(d, hasPrefixHashes, poolBlockTokens, notes),
                    KvBytesPerToken = bytesPerToken,
                    NetworkBytesPerSecond = NetworkShare(scenario, d, nodes, notes),
                    MaxSequences = (int)Math.Min(int.MaxValue, (long)d.MaxBatch * microBatches),
                    MaxBatchTokens = (int)Math.Min(int.MaxValue, (long)d.MaxBatchTokens * microBatches),
                    MicroBatches = microBatches,
                    AttentionRanks = d.AttentionDataParallel ? d.Tp : 1,
                    LocalAttention = deployment.Model.LocalAttention,
                    BeamPromptReadOnce = d.BeamPromptReadOnce,
                    WindowPoolTokensPerToken = localShare / (1 - localShare),
                    Preemption = Preemption(d),
                    AdmissionReserve = Numeric(d.Policies.Preemption).GetValueOrDefault("reserve", 0),
                    AdmissionWatermark = Numeric(d.Policies.Preemption).GetValueOrDefault("watermark", 0),
                    SwapBytesPerSecond = swapBytesPerSecond,
                    Accelerators = accelerators,
                    Pool = d.Name,
                };
                var batching = d.Policies.Batching;
                var parameters = Numeric(batching);
                At(PolicyPath(scenario, d, "batching"), () => Check(BatchPolicies.Registry.Problem(batching.Name), $"deployment '{d.Name}'"));

                // Not silent: the engine's default stands in for a setting the scenario did not give.
                // The stack as the binder read it for the defaults; a roofline that names none runs the default stack.
                var stack = EngineDefaults.StackOf(d.ExecutionModel) ?? (d.ExecutionModel.Name == "roofline" ? LlmDefaultStack : null);
                foreach (var (seam, spec) in new[] { (PolicySeam.Batching, batching), (PolicySeam.Preemption, d.Policies.Preemption) }.Where(p => p.Item2.Defaulted))
                {
                    var key = PolicyCatalog.Key(seam);
                    var taken = spec.Has("token_budget")
                        ? $"{spec.Name} with {spec.GetDouble("token_budget").ToString("G", System.Globalization.CultureInfo.InvariantCulture)} tokens a step"
                        : spec.Name;
                    notes.Add($"deployment '{d.Name}': no {key} policy named: {taken}, {EngineDefaults.PolicyReason(seam, stack, EngineDefaults.VersionOf(d.ExecutionModel), model, accelerator)}; " +
                              $"name policies.{key} to choose another");
                }

                if (d.MaxBatchDefaulted)
                {
                    notes.Add($"deployment '{d.Name}': no max_batch given: {d.MaxBatch} sequences a step, " +
                              $"{EngineDefaults.MaxBatchReason(stack, d.AttentionDataParallel ? d.Tp : 1, EngineDefaults.VersionOf(d.ExecutionModel))}");
                }

                if (batching.Name == "inflight")
                {
                    // Not silent: what the policy does with a prompt that no step has room for whole.
                    notes.Add($"deployment '{d.Name}': inflight batching: prompts run whole beside the decodes within max_batch_tokens ({d.MaxBatchTokens}); " +
                              $"beside a full batch of {d.MaxBatch} decodes {Math.Max(0, d.MaxBatchTokens - d.MaxBatch)} tokens are left; a prompt that does not fit beside " +
                              $"its step's decodes waits for them, and one longer than {d.MaxBatchTokens} tokens, which TensorRT-LLM without chunked context would refuse, goes in chunks of what each step leaves");
                }

                // Not silent: how requests reach the engine, the path to its clients that no step contains.
                var requestPath = d.RequestPath ?? EngineDefaults.RequestPath(stack);
                requestPaths[d.Name] = requestPath;
                notes.Add(RequestPathNote(d, requestPath, stack));

                var stepScale = d.ExecutionModel.GetDouble(StepScaleParameter, 1);
                if (stepScale != 1)
                {
                    notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"deployment '{d.Name}': every step the {d.ExecutionModel.Name} execution model predicts is multiplied by {stepScale:G6} (execution_model.{StepScaleParameter}): a what-if on the model's own error, not a prediction"));
                }

                pools.Add(new PoolSetup(d.Name, d.Replicas, config, new ExecutionModelTimer(predictor, stepScale), () => BatchPolicies.Create(batching.Name, parameters))
                {
                    Scheduling = Scheduling(d),
                    Admission = TextAdmission(d, notes),
                    Autoscaling = At(PolicyPath(scenario, d, "autoscaling"), () => FacilityCompiler.Autoscaling(d)),
                });
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                throw Problem($"deployments.{d.Name}", ex);
            }
        }

        var textWorkloads = scenario.Workloads.OfType<TextWorkloadSpec>().ToList();
        if (scenario.Workloads.Count == 0)
        {
            throw new CompileProblem("workloads", "the scenario has no workload");
        }

        if (scenario.Run.Requests is not null && textWorkloads.Count < scenario.Workloads.Count)
        {
            var others = scenario.Workloads.Where(w => w is not TextWorkloadSpec).Select(w => w.Kind).Distinct();
            notes.Add($"run.requests limits the text workloads only; {string.Join(" and ", others)} workloads run for the run's duration");
        }

        var totalRate = textWorkloads.Sum(w => w.Arrival.MeanRate ?? 0);
        var classes = new List<ClassSetup>();
        foreach (var w in textWorkloads)
        {
            if (w.PromptTokens is null && w.Arrival is not TraceArrival || w.OutputTokens is null && w.Arrival is not TraceArrival)
            {
                throw new CompileProblem($"workloads.{w.Name}", $"workload '{w.Name}' needs prompt_tokens and output_tokens unless its arrival is a trace");
            }

            long maxCount = long.MaxValue;
            if (scenario.Run.Requests is { } requests)
            {
                maxCount = textWorkloads.Count == 1 || totalRate == 0
                    ? requests
                    : (long)Math.Round(requests * (w.Arrival.MeanRate ?? 0) / totalRate);
            }

            if (w.FrontBatcher is { } batcher)
            {
                notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"workload '{w.Name}': a front batcher hands its requests to replicas in groups of up to {batcher.MaxSize}, each waiting at most {batcher.MaxWaitSeconds * 1e3:0.###} ms counted from {(batcher.FromDispatch ? "the previous group's dispatch" : "the group's first request")}; the wait is part of queueing time and TTFT"));
            }

            if (Paired(w) is var (pairedPrompt, pairedOutput))
            {
                notes.Add($"workload '{w.Name}': prompt and output lengths are drawn as pairs, one row of {Path.GetFileName(pairedPrompt.Path)} a request (columns {pairedPrompt.Column} and {pairedOutput.Column}), so each prompt keeps the output it had in the data");
            }

            var clientContext = w.MaxTokensFromContext ? ((LlmModelSpec)scenario.Model(w.Model)).MaxContext : (int?)null;
            MaxTokensNote(scenario, w, clientContext, notes);
            if (w.BeamWidth > 1)
            {
                BeamNote(scenario, w, notes);
            }

            var slo = new SloTargets(w.Slo.TtftSeconds, w.Slo.TpotSeconds ?? w.Slo.TbtSeconds, w.Slo.E2eSeconds) { Percentile = w.Slo.Percentile };
            if (w.SharedPrefix is { } shared)
            {
                notes.Add(SharedPrefixNote(w, shared, poolBlockTokens));
                foreach (var d in scenario.Deployments.Where(d => !d.PrefixCachingOff && (w.Deployments.Count == 0 || w.Deployments.Contains(d.Name))))
                {
                    if (CachesOnlyWhenTold(d) is { } engine)
                    {
                        notes.Add($"deployment '{d.Name}': {engine} leaves prefix caching off unless started with it; this run caches the pool's blocks " +
                                  "(prefix_caching: off prefills every prompt whole, as such an engine started without it does)");
                    }
                }
            }

            classes.Add(new ClassSetup(w.Name, sim => Source(w, sim, endNs, maxCount, poolBlockTokens), slo, w.Priority)
            {
                Pools = w.Deployments.Count > 0 ? w.Deployments : null,
                Weight = FairWeight(w),
                FrontBatching = w.FrontBatcher is { } fb ? new FrontBatching(fb.MaxSize, SimTime.FromSeconds(fb.MaxWaitSeconds), fb.FromDispatch) : null,
                MaxTokens = w.MaxTokens,
                ContextTokens = clientContext,
                BeamWidth = w.BeamWidth,
                RequestPathNs = SimTime.FromSeconds(ClassRequestPath(scenario, w, requestPaths, notes)),
            });
        }

        var kinds = new List<IKindSetup>();
        foreach (var (compiler, builder) in builders)
        {
            foreach (var w in scenario.Workloads.Where(w => w.Kind == compiler.WorkloadKind))
            {
                At($"workloads.{w.Name}", () => builder.AddClass(w));
            }

            // A kind's set-up is built from all its classes and pools together: its problems are about the first of them.
            var first = scenario.Workloads.FirstOrDefault(w => w.Kind == compiler.WorkloadKind) is { } w1 ? $"workloads.{w1.Name}"
                : scenario.Deployments.FirstOrDefault(d => scenario.Model(d.Model).Kind == compiler.ModelKind) is { } d1 ? $"deployments.{d1.Name}" : "workloads";
            if (At(first, builder.Build) is { } kind)
            {
                kinds.Add(kind);
            }
        }

        if (scenario.Workloads.FirstOrDefault(w => w is not TextWorkloadSpec && builders.All(b => b.Compiler.WorkloadKind != w.Kind)) is { } orphan)
        {
            throw new CompileProblem($"workloads.{orphan.Name}", $"workload '{orphan.Name}': no compiler for {orphan.Kind} workloads is registered");
        }

        var routing = scenario.Policies.Routing;
        At("policies.routing", () => Check(Routers.Registry.Problem(routing.Name), "policies.routing"));

        var routerParameters = Numeric(routing);
        var network = scenario.Hardware.Nodes.Select(n => n.Network).FirstOrDefault(n => n is not null);
        var facility = FacilityCompiler.Build(scenario, notes);
        var setup = new ServingSetup
        {
            Name = scenario.Name,
            Seed = runSeed,
            Execution = execution,
            Notes = notes,
            Classes = classes,
            Pools = pools,
            Kinds = kinds,
            Router = () => Routers.Create(routing.Name, routerParameters),
            WarmupNs = warmupNs,
            KvLinkBytesPerSecond = network?.BytesPerSecondEachWay ?? DefaultKvLinkBytesPerSecond,
            KvLinkLatencyNs = network?.LatencySeconds is { } lat ? SimTime.FromSeconds(lat) : 5_000,
            Facility = facility,
            MinEndNs = endNs == long.MaxValue ? 0 : endNs,
            ArrivalEndNs = endNs,
            MaxInFlight = scenario.Run.MaxInFlight ?? ServingSetup.DefaultMaxInFlight,
        };
        return new CompiledScenario(scenario, setup, notes);
    }

    /// <summary>
    /// A disaggregated replica's KV link: its share of its nodes' network (a replica on a quarter of a node
    /// gets a quarter of the NIC; one on two nodes gets both NICs), stated in the notes. 0 (the set-up's
    /// default) when the node group has no network or the deployment does not hand KV over.
    /// </summary>
    private static double NetworkShare(Scenario scenario, DeploymentSpec d, NodeSpec nodes, List<string> notes)
    {
        if (d.Role == DeploymentRole.Both)
        {
            return 0;
        }

        if (nodes.Network is not { } network)
        {
            var fallback = scenario.Hardware.Nodes.Select(n => n.Network).FirstOrDefault(n => n is not null);
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"deployment '{d.Name}': node group '{nodes.Name}' has no network, so its KV transfers run at {(fallback?.BytesPerSecondEachWay ?? DefaultKvLinkBytesPerSecond) / 1e9:G4} GB/s each way ({(fallback is null ? "the 400 Gb/s default: no node group has a network" : "the first node group's network")}); give it 'network' to set it"));
            return 0;
        }

        var share = (double)d.Tp * d.Pp / nodes.PerNode;
        var rate = network.BytesPerSecondEachWay * share;
        notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"deployment '{d.Name}': KV transfers at {rate / 1e9:G4} GB/s each way, {share:G4} of node group '{nodes.Name}''s network ({network.BidirGbs:G4} GB/s both ways per node); a transfer runs at the slower of its two ends"));
        return rate;
    }

    /// <summary>KV link when no node group has a network: 50 GB/s each way, a 400 Gb/s NIC (as ServingSetup's default).</summary>
    private const double DefaultKvLinkBytesPerSecond = 50e9;

    /// <summary>Scenario keys of the roofline's per-deployment overrides and the factor each sets.</summary>
    private static readonly (string Key, Func<EfficiencyParams, double, EfficiencyParams> Set)[] s_overrides =
    [
        ("compute_efficiency", (p, v) => p with { ComputeEfficiency = v }),
        ("attention_efficiency", (p, v) => p with { AttentionEfficiency = v }),
        ("memory_efficiency", (p, v) => p with { MemoryEfficiency = v }),
        ("link_efficiency", (p, v) => p with { LinkEfficiency = v }),
        ("iteration_overhead", (p, v) => p with { IterationOverheadSeconds = v }),
        ("sequence_overhead", (p, v) => p with { SequenceOverheadSeconds = v }),
        ("prefill_overhead", (p, v) => p with { PrefillOverheadSeconds = v }),
        ("gemm_launch", (p, v) => p with { GemmLaunchSeconds = v }),
        ("attention_launch", (p, v) => p with { AttentionLaunchSeconds = v }),
        ("host_overlap", (p, v) => p with { HostOverlap = v }),
        ("collective_step_latency", (p, v) => p with { CollectiveStepLatencySeconds = v }),
    ];

    /// <summary>
    /// The stack an LLM pool uses when its scenario names none: vLLM, the engine most deployments run, whose entry is
    /// built from kernel measurements (matmul and STREAM shares) and moves to other accelerators by theirs. Until
    /// 2026-12 it was splitwise-fp16, a 2023 fit whose 12-18 ms per iteration and 0.2 ms per sequence made large
    /// batches several times slower than today's engines run them.
    /// </summary>
    public const string LlmDefaultStack = "vllm";

    /// <summary>
    /// The stack image, avatar and video pools take their compute efficiency and links from when none is named: the
    /// splitwise-fp16 fit their published-latency checks were first run with (an LLM stack only stands in for their
    /// kernels; SdxlPublishedLatencyTests states the miss).
    /// </summary>
    public const string OtherKindsDefaultStack = "splitwise-fp16";

    /// <summary>
    /// The deployment's efficiency factors: its stack's entry for its accelerator (or the stated derivation the
    /// catalog gives), moved to the deployment's arithmetic precision (<paramref name="compute"/>, LLM pools) when the
    /// entry was measured at another, then the scenario's own overrides; every step named in the notes and, for LLM
    /// pools, in <paramref name="provenance"/> (summary.json).
    /// </summary>
    private static EfficiencyParams Efficiency(
        Scenario scenario, DeploymentSpec d, EfficiencyCatalog catalog, List<string> notes, List<ExecutionProvenance>? provenance,
        Precision? compute = null)
    {
        var accelerator = scenario.Accelerator(scenario.NodeGroup(d.Nodes).Accelerator);
        var named = d.ExecutionModel.Parameters.TryGetValue("stack", out var s) && s is string;
        var fallback = compute is null ? OtherKindsDefaultStack : LlmDefaultStack;
        var stack = d.ExecutionModel.GetString("stack", fallback);
        EfficiencyParams eff;
        try
        {
            eff = catalog.Resolve(accelerator.Key, stack, key => scenario.Hardware.Accelerators.FirstOrDefault(a => a.Key == key)
                                                                  ?? Sc.Catalog.Default.FindAccelerator(key), compute);
        }
        catch (ArgumentException e)
        {
            throw new CompileProblem(ExecutionPath(scenario, d), $"deployment '{d.Name}': {e.Message}", e);
        }

        var derivation = new List<string>();
        if (!named)
        {
            derivation.Add(compute is null
                ? $"stack not named in the scenario: {OtherKindsDefaultStack} (the default for {scenario.Model(d.Model).Kind} pools, {OtherKindUse(scenario.Model(d.Model).Kind)})"
                : $"stack not named in the scenario: {LlmDefaultStack} (the default for LLM pools)");
        }

        if (eff.Derivation.Length > 0)
        {
            derivation.Add(eff.Derivation);
        }

        if (compute is { } arithmetic)
        {
            (eff, var clause) = MeasuredShares.AtPrecision(eff, accelerator, arithmetic);
            if (clause is not null)
            {
                derivation.Add(clause);
            }
        }

        // A board limit changed in the scenario: what the model does with it, never silently (the notes say it too).
        if (FacilityCompiler.BoardLimitClause(accelerator) is { } boardLimit)
        {
            derivation.Add(boardLimit);
        }

        (eff, var hostCost) = EngineHostCost.Apply(d, stack, eff, catalog);
        if (hostCost is not null)
        {
            derivation.Add(hostCost);
        }

        if (compute is not null)
        {
            (eff, var allReduce) = EngineAllReduce.Apply(d, stack, eff, accelerator, scenario.NodeGroup(d.Nodes).PerNode);
            if (allReduce is not null)
            {
                derivation.Add(allReduce);
            }
        }

        var entry = $"{eff.Accelerator}/{stack}";

        var overridden = new List<string>();
        foreach (var (key, set) in s_overrides)
        {
            if (d.ExecutionModel.Parameters.TryGetValue(key, out var value) && value is double v)
            {
                eff = set(eff, v);
                overridden.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key} = {v:G6}"));
            }
        }

        if (overridden.Count > 0)
        {
            derivation.Add($"overridden in the scenario: {string.Join(", ", overridden)}");
            At(ExecutionPath(scenario, d), eff.Validate);
        }

        var text = derivation.Count == 0 ? "fitted" : string.Join("; ", derivation);
        var fittedOn = eff.FittedOn.Length > 0 ? eff.FittedOn : "not stated in the efficiency file";
        notes.Add($"deployment '{d.Name}': efficiency entry {entry} ({text}); fitted on: {fittedOn}");
        // What this kind of deployment was checked against, and how it read: a note, never a change to what is simulated.
        // Another kind's pool (video, image, avatar) is grouped by its kind's own kernels, as clustersim accuracy groups its checks.
        var model = scenario.Model(d.Model);
        var architecture = ValidationRecord.Architecture(model);
        var groupStack = ValidationRecord.GroupStack(model, stack);
        var validation = ValidationRecord.Default.Match(accelerator.Key, groupStack, architecture);
        var validationNote = ValidationRecord.Default.NoteOn(d.Name, accelerator.Key, groupStack, architecture, validation);
        notes.Add(validationNote);
        provenance?.Add(new ExecutionProvenance(d.Name, d.ExecutionModel.Name, accelerator.Key, stack, entry, fittedOn, text)
        {
            Architecture = architecture,
            Validation = validation,
            ValidationNote = validationNote,
        });
        return eff with { Derivation = text };
    }

    // ---- shared with the kind compilers (through KindCompileContext) ---------------------------

    /// <summary>Under fair-sharing scheduling a class's weight is its priority + 1 (priority 0 gets 1 share, priority 3 gets 4).</summary>
    internal static double FairWeight(WorkloadSpec w) => w.Priority + 1.0;

    internal static SchedulingPolicy Scheduling(DeploymentSpec d)
    {
        var scheduling = d.Policies.Scheduling;
        Check(SchedulingPolicies.Registry.Problem(scheduling.Name), $"deployment '{d.Name}'");
        return SchedulingPolicies.Create(scheduling.Name, Numeric(scheduling));
    }

    /// <summary>A text pool's admission: null for 'none' (nothing to ask per request), else a factory for one policy per run.</summary>
    private static Func<IAdmissionPolicy>? TextAdmission(DeploymentSpec d, List<string> notes)
    {
        var admission = d.Policies.Admission;
        Check(AdmissionPolicies.Registry.Problem(admission.Name), $"deployment '{d.Name}'");
        if (admission.Name == "none")
        {
            return null;
        }

        if (admission.Name == "slo_aware")
        {
            notes.Add($"deployment '{d.Name}': admission 'slo_aware' is not applied to text requests (they are all admitted); queue_limit and token_bucket are");
        }

        var parameters = Numeric(admission);
        return () => AdmissionPolicies.Create(admission.Name, parameters);
    }

    /// <summary>What a beam-search workload's requests cost, as the replicas price them; a model the pricing does not cover is refused.</summary>
    private static void BeamNote(Scenario scenario, TextWorkloadSpec w, List<string> notes)
    {
        if (scenario.Model(w.Model) is LlmModelSpec { LocalAttention: not null })
        {
            throw new CompileProblem($"workloads.{w.Name}.beam_width",
                $"workload '{w.Name}': beam search (beam_width {w.BeamWidth}) is not modelled for '{w.Model}', whose local-attention layers attend a window of each beam's context: use beam_width 1");
        }

        // The deployments that may serve it: those it names, or every one of its model.
        var once = scenario.Deployments.Where(d => d.BeamPromptReadOnce && (w.Deployments.Count == 0 ? d.Model == w.Model : w.Deployments.Contains(d.Name)))
            .Select(d => d.Name).ToList();
        notes.Add($"workload '{w.Name}': beam search of width {w.BeamWidth}: each request's prompt is prefilled once, then every decode step computes a token "
            + $"for each of its {w.BeamWidth} beams (GEMMs, attention FLOPs over each beam's whole context, KV writes) and it returns one beam, whose length is "
            + "the output's; the beams share the prompt's KV blocks but the last, which each beam copies, and take blocks of their own for their tokens "
            + "(TensorRT-LLM's KV cache manager); a step reads each beam's whole context, the shared prompt's KV once a beam, as TensorRT-LLM's masked "
            + "multi-head attention kernel does (one block per head and beam: NVIDIA/TensorRT-LLM pull request 14396, whose cascade kernel removes the re-read; "
            + "taken for every stack: vLLM's paged attention also gives each beam's sequence blocks of work of its own, other kernels ASSUMED alike)"
            + (once.Count == 0 ? "" : $", but once for all the beams on {string.Join(", ", once.Select(n => $"'{n}'"))} (beam_prompt_reads: once, a cascade kernel)")
            + "; max_batch counts requests, as "
            + "TensorRT-LLM's max_batch_size does beside max_beam_width (vLLM V0 counted each beam against max_num_seqs); the beam-search kernels' own work "
            + "(top-k over the beams' logits, the cache indirection) is not priced; a preempted request is recomputed, never swapped");
    }

    /// <summary>
    /// What a text workload's requests ask for at most, and what admission reserves for them: an engine that reserves KV
    /// memory when it admits a request (preemption none, TensorRT-LLM's guaranteed-no-evict scheduler; a preemption reserve,
    /// SGLang's) cannot know where an output ends, so it reserves for the request's max_tokens. Left out, each request asks
    /// for its own output length, as benchmark clients ask; where outputs vary and admission reserves, the run says so.
    /// </summary>
    /// <param name="context">The model's context where the clients give no max_tokens (<c>max_tokens: context</c>), else null.</param>
    private static void MaxTokensNote(Scenario scenario, TextWorkloadSpec w, int? context, List<string> notes)
    {
        // The deployments that may serve the workload and reserve at admission: the replica's rule (Replica._reserves,
        // preemption none or a reserve share) on the deployment's resolved policy; prefill replicas never reserve output.
        var reserving = scenario.Deployments
            .Where(d => d.Model == w.Model && (w.Deployments.Count == 0 || w.Deployments.Contains(d.Name)) && d.Role != DeploymentRole.Prefill
                && (Preemption(d) == PreemptionMode.None || Numeric(d.Policies.Preemption).GetValueOrDefault("reserve", 0) > 0))
            .Select(d => $"'{d.Name}'")
            .ToList();
        var where = reserving.Count == 1 ? $"deployment {reserving[0]}" : $"deployments {string.Join(", ", reserving)}";
        const string Reservation = "as TensorRT-LLM's guaranteed-no-evict scheduler does (a preemption reserve keeps its share of it, as SGLang's admission does), paying back what a request did not use when it ends";
        if (w.MaxTokens is { } cap)
        {
            notes.Add($"workload '{w.Name}': each request asks for at most {cap} output tokens (max_tokens); a longer output stops there (summary.json cut_at_max_tokens)"
                + (reserving.Count == 0 ? "" : $", and admission on {where} reserves KV memory for the prompt and {cap} tokens, {Reservation}"));
        }
        else if (context is { } window)
        {
            notes.Add($"workload '{w.Name}': max_tokens context: the clients give none, so each request asks for the model's {window}-token context less its prompt, "
                + "as TensorRT-LLM's and vLLM's OpenAI servers deduce (an engine built or served with a shorter max_seq_len asks for less: give that as max_tokens); "
                + "a longer output stops there (summary.json cut_at_max_tokens)"
                + (reserving.Count == 0 ? "" : $", and admission on {where} reserves KV memory for the whole context, {Reservation}"));
        }
        else if (reserving.Count > 0 && w.OutputTokens is not ConstantDistribution)
        {
            notes.Add($"workload '{w.Name}': admission on {where} reserves KV memory for each request's own output length, as benchmark clients ask "
                + "(max_tokens set to the expected output); an engine cannot know where an output ends, so a service whose clients ask for more "
                + $"(a fixed max_tokens, or the whole context when they give none) admits fewer requests at once: give workloads.{w.Name}.max_tokens");
        }
    }

    /// <summary>The replica's preemption mode; the catalog's preemption entries are exactly these three.</summary>
    private static PreemptionMode Preemption(DeploymentSpec d) => d.Policies.Preemption.Name switch
    {
        "swap" => PreemptionMode.Swap,
        "none" => PreemptionMode.None,
        "recompute" => PreemptionMode.Recompute,
        var other => throw new NotSupportedException($"deployment '{d.Name}': preemption '{other}' is not one of {string.Join(", ", PolicyCatalog.Of(PolicySeam.Preemption).Select(e => e.Name))}"),
    };

    /// <summary>A policy the registries cannot create stops compilation with the reason (validation refuses it first).</summary>
    private static void Check(string? problem, string where)
    {
        if (problem is not null)
        {
            throw new NotSupportedException($"{where}: {problem}");
        }
    }

    internal static (Sc.AcceleratorSpec Accelerator, NodeSpec Nodes, EfficiencyParams Efficiency) Placement(
        Scenario scenario, DeploymentSpec d, EfficiencyCatalog efficiency, List<string> notes)
    {
        var nodes = scenario.NodeGroup(d.Nodes);
        var accelerator = scenario.Accelerator(nodes.Accelerator);
        var eff = Efficiency(scenario, d, efficiency, notes, null);

        if (d.ExecutionModel.Name != "roofline")
        {
            notes.Add($"deployment '{d.Name}': execution model '{d.ExecutionModel.Name}' describes LLM iterations; {scenario.Model(d.Model).Kind} work is timed analytically (compute-bound at peak x compute efficiency)");
        }

        return (accelerator, nodes, eff);
    }

    /// <summary>
    /// The tokens of one prefix-block id a deployment's KV cache keys its prefix cache by: a trace's 512, a prompt pool's
    /// block, or 0 (no prefix caching) where the workloads carry no ids or the deployment's KV block does not divide them.
    /// </summary>
    private static int PrefixBlockTokens(DeploymentSpec d, bool traceIds, int poolBlockTokens, List<string> notes)
    {
        var ids = traceIds ? MooncakeTraceSource.PrefixBlockTokens : poolBlockTokens;
        if (ids == 0)
        {
            return 0;
        }

        if (d.PrefixCachingOff)
        {
            notes.Add($"deployment '{d.Name}': prefix caching off (prefix_caching: off): every prompt is prefilled whole, whatever blocks it shares");
            return 0;
        }

        if (ids % d.KvBlockTokens != 0)
        {
            notes.Add($"deployment '{d.Name}': no prefix caching: its {d.KvBlockTokens}-token KV blocks do not divide the workloads' {ids}-token prefix blocks");
            return 0;
        }

        return ids;
    }

    private static string RequestPathNote(DeploymentSpec d, RequestPathSpec path, string? stack)
    {
        var ms = FormattableString.Invariant($"{path.Seconds * 1e3:0.###} ms");
        return path.Kind switch
        {
            // A decode pool takes requests only from a prefill pool, whose path they have already come by.
            _ when d.Role == DeploymentRole.Decode =>
                $"deployment '{d.Name}': a decode pool: its requests come from a prefill pool, whose request path they have already taken" +
                (d.RequestPath is null ? "" : " (its own request_path is not applied)"),
            _ when d.RequestPath is null =>
                $"deployment '{d.Name}': no request_path given: {(path.Seconds > 0 ? $"{ms} (http)" : "none (in_process)")}: " +
                EngineDefaults.RequestPathReason(stack),
            RequestPathKind.InProcess => $"deployment '{d.Name}': request path none (request_path: in_process): its harness runs in the engine's process",
            RequestPathKind.Http => $"deployment '{d.Name}': request path {ms} (request_path: http): an engine behind its HTTP server and a streaming client ({EngineDefaults.HttpRequestPathSource})",
            _ => $"deployment '{d.Name}': request path {ms} (request_path.latency, as given)",
        };
    }

    /// <summary>
    /// The request path of a text workload: that of the deployments its requests enter by (those it names, or every text
    /// deployment that takes new requests). Where they differ, the longest, and the run says so: the path is taken before a
    /// replica is chosen.
    /// </summary>
    private static double ClassRequestPath(Scenario scenario, TextWorkloadSpec w, Dictionary<string, RequestPathSpec> paths, List<string> notes)
    {
        var entries = scenario.Deployments
            .Where(d => paths.ContainsKey(d.Name) && d.Role != DeploymentRole.Decode && (w.Deployments.Count == 0 || w.Deployments.Contains(d.Name)))
            .Select(d => (d.Name, paths[d.Name].Seconds))
            .ToList();
        if (entries.Count == 0)
        {
            return 0;
        }

        var longest = entries.Max(e => e.Seconds);
        if (entries.Any(e => e.Seconds != longest))
        {
            notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"workload '{w.Name}': its requests enter deployments with different request paths ({string.Join(", ", entries.Select(e => $"'{e.Name}' {e.Seconds * 1e3:0.###} ms"))}); " +
                $"each takes the longest, {longest * 1e3:0.###} ms, as the path is taken before a replica is chosen: name one deployment per workload to give each its own"));
        }

        return longest;
    }

    /// <summary>The engine of a deployment whose default leaves prefix caching off (vLLM V0, TensorRT-LLM's C++ executor), or null.</summary>
    private static string? CachesOnlyWhenTold(DeploymentSpec d)
    {
        var stack = d.ExecutionModel.GetString("stack", LlmDefaultStack);
        var version = d.ExecutionModel.GetString("engine_version", "");
        if (stack.StartsWith("trtllm", StringComparison.Ordinal) && !stack.StartsWith("trtllm-pytorch", StringComparison.Ordinal))
        {
            return "TensorRT-LLM's C++ executor (its KV cache's enableBlockReuse)";
        }

        return stack == "vllm" && version.Length > 0 && EngineVersions.Generation(stack, version, 1) == EngineGeneration.V0
            ? $"vLLM's V0 engine (engine_version {version}; --enable-prefix-caching)"
            : null;
    }

    private static string SharedPrefixNote(TextWorkloadSpec w, SharedPrefixSpec p, int blockTokens)
        => $"workload '{w.Name}': prompts from a pool of {(long)p.Groups * p.PromptsPerGroup:N0} ({p.Groups:N0} group(s) of {p.PromptsPerGroup:N0}, each group's opening " +
           $"{p.SystemTokens:N0}-token system prompt shared), drawn once from prompt_tokens (one no longer than the system prompt lengthened to it plus one token) and taken " +
           (p.RandomOrder ? "at random" : "in a shuffled order, starting over after the last (inference-perf)") +
           $"; deployments with prefix caching (prefix_caching: on, the default, as vLLM V1, SGLang and TensorRT-LLM's PyTorch backend run) cache prefixes in " +
           $"{blockTokens}-token blocks, reusing a repeated prompt's or its group's KV while it stays in the cache";

    private static IRequestSource Source(TextWorkloadSpec w, Simulation sim, long endNs, long maxCount, int poolBlockTokens)
    {
        if (w.Arrival is TraceArrival trace)
        {
            var options = new TraceOptions(Speed: 1 / trace.TimeScale);
            TraceRequestSource source = trace.Format switch
            {
                TraceFormat.Mooncake => new MooncakeTraceSource(trace.Path, options),
                TraceFormat.BurstGpt => new BurstGptTraceSource(trace.Path, options, trace.ModelFilter, trace.LogTypeFilter),
                TraceFormat.Csv => new CsvTraceSource(trace.Path, CsvMapping(trace.Columns!), options),
                _ => new AzureLlmTraceSource(trace.Path, options),
            };
            return maxCount == long.MaxValue && endNs == long.MaxValue ? source : new LimitedSource(source, endNs, maxCount);
        }

        var sizes = w.SharedPrefix is { } shared
            ? new SharedPrefixPool(shared.Groups, shared.PromptsPerGroup, shared.SystemTokens, Size(w.PromptTokens!), Size(w.OutputTokens!),
                poolBlockTokens, shared.RandomOrder, sim.Random["prompts/" + w.Name], Salt(w.Name))
            : Sizes(w);
        if (w.Arrival is ClosedLoopArrival closed)
        {
            // Users think for an exponential time with the think-time distribution's mean.
            var meanThink = closed.ThinkTime.Mean
                ?? throw new NotSupportedException($"workload '{w.Name}': closed-loop think time needs a distribution with a mean");
            return new ClosedLoopRequestSource(closed.Users, meanThink, sizes, sim.Random["think/" + w.Name],
                sim.Random["sizes/" + w.Name], endNs: endNs, maxCount: maxCount);
        }

        var arrivals = Arrivals(w.Arrival, w.Name);
        return new SyntheticRequestSource(arrivals, sizes, sim.Random["arrivals/" + w.Name], sim.Random["sizes/" + w.Name],
            endNs: endNs, maxCount: maxCount);
    }

    // FNV-1a of the workload's name: a pool's ids are its own, and the same in every process (string.GetHashCode is not).
    private static ulong Salt(string name)
    {
        var h = 14695981039346656037UL;
        foreach (var c in name)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>
    /// A text workload's sizes: one dataset sample a request where its prompt and output lengths are two columns of one
    /// file (<see cref="PairedSizes"/>), else a prompt and an output drawn apart.
    /// </summary>
    internal static ISizePair Sizes(TextWorkloadSpec w)
    {
        var prompt = w.PromptTokens ?? throw new NotSupportedException($"workload '{w.Name}' needs prompt_tokens");
        var output = w.OutputTokens ?? throw new NotSupportedException($"workload '{w.Name}' needs output_tokens");
        return Paired(w) is var (p, o)
            ? PairedSizes.FromCsv(p.Path, p.Column!, p.Scale, o.Column!, o.Scale)
            : new IndependentSizes(Size(prompt), Size(output));
    }

    /// <summary>The workload's prompt and output columns where both come from one file, else null.</summary>
    private static (EmpiricalDistribution Prompt, EmpiricalDistribution Output)? Paired(TextWorkloadSpec w)
        => w.PromptTokens is EmpiricalDistribution p && w.OutputTokens is EmpiricalDistribution o
           && p.Column is not null && o.Column is not null && p.Column != o.Column
           && string.Equals(Path.GetFullPath(p.Path), Path.GetFullPath(o.Path), StringComparison.Ordinal)
            ? (p, o)
            : null;

    private static CsvTraceMapping CsvMapping(TraceColumns c) => new(c.Time, c.Prompt, c.Output, c.TimeUnit switch
    {
        "ms" => TraceTimeUnit.Milliseconds,
        "us" => TraceTimeUnit.Microseconds,
        "ns" => TraceTimeUnit.Nanoseconds,
        "datetime" => TraceTimeUnit.DateTime,
        _ => TraceTimeUnit.Seconds,
    }, c.Separator, c.Header, c.HashIds);

    internal static IArrivalProcess Arrivals(ArrivalSpec spec, string workload) => spec switch
    {
        PoissonArrival p => new PoissonArrivals(p.Rate),
        GammaArrival g => new GammaArrivals(g.Rate, g.Cv),
        ConstantArrival c => new ConstantArrivals(c.Rate),
        DiurnalArrival d => new DiurnalArrivals(d.Mean, d.PeakToTrough, d.PeriodSeconds, d.PeakAtSeconds),
        MmppArrival m => new MmppArrivals(m.Rate, m.BurstRate, m.BurstEverySeconds, m.BurstLengthSeconds),
        _ => throw new NotSupportedException($"workload '{workload}': arrival process {spec.GetType().Name} is not supported by the runner yet"),
    };

    /// <param name="scale">Multiplies every value before rounding (seconds into frames or milliseconds); 1 for token counts.</param>
    internal static ISizeDistribution Size(DistributionSpec spec, double scale = 1) => spec switch
    {
        ConstantDistribution c => new ConstantSize(Whole(c.Value * scale)),
        UniformDistribution u => new UniformSize(Whole(u.Min * scale), Whole(u.Max * scale)),
        NormalDistribution n => new NormalSize(n.Mu * scale, n.Std * scale, n.Min is { } nMin ? Whole(nMin * scale) : 1, n.Max is { } nMax ? Whole(nMax * scale) : DistributionSpec.MaxSample),
        LognormalDistribution l => new LogNormalSize(l.MeanValue * scale, l.Cv, l.Min is { } lMin ? Whole(lMin * scale) : 1, l.Max is { } lMax ? Whole(lMax * scale) : DistributionSpec.MaxSample),
        ExponentialDistribution e => new GeometricSize(Math.Max(1, e.MeanValue * scale), DistributionSpec.MaxSample),
        EmpiricalDistribution e => EmpiricalSize.FromCsv(e.Path, e.Column, e.Scale * scale),
        _ => throw new NotSupportedException($"size distribution {spec.GetType().Name} is not supported"),
    };

    private static int Whole(double value) => (int)Math.Clamp(Math.Round(value), 0, DistributionSpec.MaxSample);

    /// <summary>
    /// Whether the deployment's engine forms each batch while the step before it runs (batching's <c>schedule_ahead</c>: the
    /// stack's own unless given), and the note that says so where it does or where a given setting cannot apply.
    /// </summary>
    private static bool ScheduleAhead(DeploymentSpec d, List<string> notes)
    {
        var batching = d.Policies.Batching;
        if (batching.Name is not ("continuous" or "chunked_prefill" or "inflight"))
        {
            return false;
        }

        var stack = EngineDefaults.StackOf(d.ExecutionModel) ?? (d.ExecutionModel.Name == "roofline" ? LlmDefaultStack : null);
        var version = EngineDefaults.VersionOf(d.ExecutionModel);
        var setting = batching.GetString("schedule_ahead", "engine");
        var ahead = setting == "on" || (setting == "engine" && EngineDefaults.SchedulesAhead(stack, version));
        if (ahead && batching.GetDouble("scheduler_steps", 1) > 1)
        {
            notes.Add($"deployment '{d.Name}': schedule_ahead is not applied beside multi-step scheduling (scheduler_steps " +
                      $"{batching.GetDouble("scheduler_steps", 1):G}): new requests join at the rounds' ends, as vLLM's V0 engine admits them");
            return false;
        }

        if (!ahead && setting == "engine" && EngineVersions.Generation(stack ?? LlmDefaultStack, version, 1) == EngineGeneration.V1)
        {
            // Not silent where the model lacks the fact: which vLLM release first scheduled ahead by default.
            notes.Add($"deployment '{d.Name}': vLLM V1 (engine_version {version}) forms each batch between steps; its async scheduling, " +
                      "which forms each batch while the step before it runs, became the default in 0.14.0 (vLLM pull request 27614): " +
                      "batching's schedule_ahead: on where this engine was started with --async-scheduling");
        }

        if (ahead)
        {
            var why = setting == "on" ? "schedule_ahead: on" : $"schedule_ahead: engine, {EngineDefaults.ScheduleAheadReason(stack, version)}";
            notes.Add($"deployment '{d.Name}': the engine forms each batch while the step before it runs ({why}): a request that arrives " +
                      "during a step joins the batch after the next, unless the replica has nothing else to run; the extra step an engine " +
                      "so runs for a sequence that has just finished is not priced; schedule_ahead: off for an engine that schedules between steps");
        }

        return ahead;
    }

    private static IReadOnlyDictionary<string, double> Numeric(PolicySpec policy)
        => policy.Parameters.Where(p => p.Value is double).ToDictionary(p => p.Key, p => (double)p.Value);

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
        TiedEmbeddings = m.TiedEmbeddings,
        Moe = m.Moe is { } moe
            ? new Perf.MoeSpec(moe.Experts, moe.ActiveExperts, moe.ExpertFfnSize, moe.SharedExperts, moe.DenseLayers)
            {
                Popularity = moe.LoadCv is { } cv ? new Perf.ExpertPopularity(cv, moe.HottestLoad ?? 1, $"model '{m.Key}''s measured router skew (its load_cv and hottest_load)") : null,
            }
            : null,
        Mla = m.Mla is { } mla ? new Perf.MlaSpec(mla.KvLoraRank, mla.QkRopeHeadDim, mla.QLoraRank ?? 0, mla.QkNopeHeadDim ?? 0, mla.VHeadDim ?? 0) : null,
        LocalAttention = m.LocalAttention is { } local ? new Perf.LocalAttention(local.Kind == "chunked", local.Window, local.Layers, m.Layers) : null,
    };

    /// <summary>
    /// A checkpoint with a share of its layer weights at a second precision: that share's GEMMs run at the second
    /// precision's achieved rate, by the accelerator's measured matmul shares at both precisions, or by its peaks where a
    /// share is missing; the run says which.
    /// </summary>
    private static (Perf.Deployment Deployment, string? Note) WithMixedWeights(Perf.Deployment deployment, LlmModelSpec model, Sc.AcceleratorSpec spec, string name)
    {
        if (model.Mixed is not { } mixed)
        {
            return (deployment, null);
        }

        var hw = deployment.Accelerator;
        var main = hw.ResolveCompute(deployment.RequestedComputePrecision) ?? deployment.RequestedComputePrecision;
        // Weight-only int4 multiplies at the activations' precision, as the layers' own int4 does (WorkModel).
        var second = hw.ResolveCompute(mixed.Precision == Precision.Int4 ? deployment.ActivationPrecision : mixed.Precision) ?? main;
        var peaks = hw.Supports(main) && hw.Supports(second) ? hw.PeakFlops(main) / hw.PeakFlops(second) : 1;
        var (mainShare, secondShare) = (MeasuredShares.MatmulShareAt(spec, main), MeasuredShares.MatmulShareAt(spec, second));
        var measured = mainShare is not null && secondShare is not null && !MeasuredShares.SameArithmetic(main, second);
        var slowdown = measured ? peaks * mainShare!.Value / secondShare!.Value : peaks;
        var which = mixed.DenseOnly
            ? "(the layers outside the routed experts: attention, router, dense FFNs and shared experts, as the checkpoint keeps them, part: dense)"
            : "(a mixed checkpoint, spread evenly over every GEMM as ASSUMED: which layers is not published)";
        var note = $"deployment '{name}': {mixed.Share:P1} of the layer weights stay {mixed.Precision.Key()} beside {model.WeightPrecision.Key()} " +
                   $"{which}; their GEMMs " +
                   (second == mixed.Precision ? "" : $"(weight-only: multiplying at {second.Key()}) ") +
                   $"take {slowdown:0.00} times as long per FLOP ({(measured ? $"{spec.Key}'s measured {second.Key()}{MeasuredShares.SourceAt(spec, second)} and {main.Key()}{MeasuredShares.SourceAt(spec, main)} matmul shares and peaks" : $"the {main.Key()} and {second.Key()} peaks: no measured matmul share at both")}), " +
                   (mixed.DenseOnly
                       ? $"{mixed.DenseBytesPerParameter(model.WeightPrecision):0.###} bytes per dense layer weight, {mixed.ExpertBytesPerParameter(model.WeightPrecision):0.###} per expert weight"
                       : $"{mixed.StoredBytesPerParameter(model.WeightPrecision):0.###} bytes per layer weight");
        return (deployment with { MixedWeights = mixed, MixedSlowdown = slowdown }, note);
    }

    internal static HW.AcceleratorSpec ToAccelerator(Sc.AcceleratorSpec a, NodeSpec nodes) => new()
    {
        Key = a.Key,
        Name = a.Name,
        Vendor = a.Vendor ?? "",
        HbmGb = a.HbmGb,
        HbmBandwidthGbs = a.HbmBandwidthGbs,
        Tflops = a.Tflops.ToDictionary(p => p.Key, p => p.Value),
        TdpW = a.TdpW,
        IdleW = a.IdleW ?? 0,
        ScaleUp = (nodes.Link ?? a.ScaleUp) is { } up ? ToLink(up) : null,
        HostLink = a.HostLink is { } host ? ToLink(host) : null,
        ScaleOut = nodes.Network is { } net ? ToLink(net) : null,
    };

    private static HW.LinkSpec ToLink(Sc.LinkSpec l) => new(l.Kind.ToString().ToLowerInvariant(), l.BidirGbs, (l.LatencySeconds ?? 0) * 1e6, l.Peers ?? 0);

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

    /// <summary>What a video, image or avatar pool takes from its text stack entry (the rest has its own kind's kernels).</summary>
    private static string OtherKindUse(string kind) => kind switch
    {
        "video" => "for its links and collectives: its kernels come from efficiency-video.yaml",
        "image" => "for its weight reads and a diffusion transformer's steps: a UNet's steps and every VAE decode come from efficiency-image.yaml",
        _ => "whose compute efficiency an LLM stack only stands in for",
    };
}
