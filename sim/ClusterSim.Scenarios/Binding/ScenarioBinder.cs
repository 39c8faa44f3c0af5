using System.Globalization;
using ClusterSim.Scenarios.Kinds;
using ClusterSim.Scenarios.Policies;
using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>
/// Turns a checked scenario tree into records: resolves names (with "did you mean"), merges catalog
/// entries with overrides, fills defaults, and checks what only the whole scenario can tell
/// (references, capacity, weights that must fit, files that must exist). Reports into the shared
/// diagnostics; returns null when anything was wrong.
/// </summary>
internal sealed class ScenarioBinder(Values v, Catalog catalog, string? baseDirectory)
{
    // Modelling choices, not measurements (shared/data/hardware.md: "reasonable defaults for a model:
    // air 1.5, direct-to-chip liquid 1.15-1.2, immersion 1.05"); the temperature terms are our own
    // estimates of how much harder chillers work above the free-cooling limit of each technology.
    private static readonly Dictionary<string, (double Pue, double FreeCoolingC, double PuePerC)> CoolingDefaults = new()
    {
        ["air"] = (1.5, 20, 0.01),
        ["liquid"] = (1.15, 30, 0.004),
        ["immersion"] = (1.05, 35, 0.002),
    };

    // EIA via statista (shared/data/hardware.md): US industrial average 8.06 cents/kWh in 2023.
    private const double DefaultUsdPerKwh = 0.0806;

    // A mild-climate default; a hot-site study sets its own profile.
    private const double DefaultOutsideC = 20;

    private readonly FileChecks _files = new(v, baseDirectory);
    private readonly Dictionary<string, AcceleratorSpec?> _accelerators = [];
    private readonly Dictionary<string, ModelSpec?> _models = [];
    private readonly List<AcceleratorSpec> _usedAccelerators = [];
    private readonly List<ModelSpec> _usedModels = [];
    private readonly Dictionary<string, (NodeSpec Spec, MappingNode Node, AcceleratorSpec Accelerator)?> _groups = [];
    private readonly List<(string Name, MappingNode Node)> _deploymentNodes = [];

    // Set when a deployment names a model that does not resolve: then "no deployment serves X" would
    // only repeat that error in other words.
    private bool _unresolvedModels;

    public Scenario? Bind(MappingNode root, string defaultName, string? sourcePath)
    {
        // Plug-ins first: a policy named by type is checked against them where it is written.
        var plugins = BindPlugins(v.Node(root, "plugins") as SequenceNode);
        var hardware = v.Mapping(root, "hardware");
        BindAccelerators(v.Mapping(hardware, "accelerators"));
        BindModels(v.Mapping(root, "models"));
        BindNodeGroups(v.Mapping(hardware, "nodes"));

        var facility = BindFacility(v.Mapping(root, "facility"));
        var racks = BindRacks(v.Mapping(hardware, "racks"), facility?.PowerCap.RackKw);

        var execution = BindExecutionModel(v.Node(root, "execution_model"));
        var policies = WithEngineDefaults(BindPolicySet(v.Mapping(root, "policies"), null), execution);
        var deployments = BindDeployments(v.Mapping(root, "deployments"), policies, execution);
        var workloads = BindWorkloads(v.Mapping(root, "workloads"), deployments);
        var run = BindRun(v.Mapping(root, "run"));
        var measured = v.Has(root, "measured") ? BindMeasured(v.Mapping(root, "measured"), v.Mapping(root, "workloads"), workloads) : null;
        CheckName(v.Node(root, "name"));

        if (v.Diagnostics.Count > 0 || facility is null || run is null || policies is null || execution is null)
        {
            return null;
        }

        var groups = _groups.Values.Select(g => g!.Value.Spec).ToList();
        var models = _models.Values.OfType<ModelSpec>().Concat(_usedModels).Distinct().ToList();
        return new Scenario(
            v.Str(root, "name") ?? defaultName,
            v.Str(root, "description"),
            sourcePath,
            workloads,
            new HardwareSpec(_usedAccelerators.Distinct().ToList(), groups, racks),
            models,
            deployments.Select(d => d.Spec).ToList(),
            policies,
            execution,
            facility,
            run)
        {
            Plugins = plugins,
            Measured = measured,
        };
    }

    /// <summary>Loads each assembly named under 'plugins:' (relative to the scenario file); a bad one is an error where it is named.</summary>
    private List<string> BindPlugins(SequenceNode? list)
    {
        var paths = new List<string>();
        foreach (var item in list?.Items ?? [])
        {
            if (item is not ScalarNode scalar || _files.ResolveFile(scalar) is not { } full)
            {
                continue;
            }

            if (PluginAssemblies.TryLoad(full, out var error))
            {
                paths.Add(full);
            }
            else
            {
                v.Error(scalar, error!);
            }
        }

        return paths;
    }

    /// <summary>
    /// The name becomes the default output folder (<c>out/NAME</c>), so it must be a name and never a
    /// path: a separator, <c>.</c> or <c>..</c>, a rooted path or a character no file system takes
    /// would write outside <c>out/</c> or fail there with a less helpful message.
    /// </summary>
    private void CheckName(Node? node)
    {
        if (node is not ScalarNode { IsNull: false } scalar)
        {
            return;
        }

        var name = scalar.Value;
        var why = name.Trim().Length == 0 ? "it is empty"
            : name is "." or ".." ? $"'{name}' names a folder, not a scenario"
            : name.IndexOfAny(['/', '\\']) >= 0 || Path.IsPathRooted(name) ? "it contains a path separator"
            : name.Any(char.IsControl) ? "it contains a control character"
            : name.IndexOfAny(InvalidNameChars) >= 0 ? $"it contains '{name[name.IndexOfAny(InvalidNameChars)]}', which is not allowed in a file name"
            : null;
        if (why is not null)
        {
            v.Error(node, $"the scenario name becomes the output folder out/<name>, so it must be a plain name: {why} (got '{name}')");
        }
    }

    // Invalid on Windows as well as here, so a scenario named on one system runs on every other.
    private static readonly char[] InvalidNameChars = ['<', '>', ':', '"', '|', '?', '*', '\0'];

    // ---- accelerators and models ---------------------------------------------------------------

    private void BindAccelerators(MappingNode? section)
    {
        foreach (var (name, node) in Entries(section, bad => _accelerators[bad] = null))
        {
            var spec = Inherit(name, node, "accelerator",
                key => catalog.AcceleratorNode(key), catalog.AcceleratorKeys, ScenarioSchema.ScenarioAccelerator,
                (key, m) => SpecBinder.Accelerator(key, m, v));
            // Remember what an override starts from, so a run can say which of its changes the models act on.
            if (spec is not null && node is MappingNode { } mapping && mapping.Get("from") is ScalarNode from
                && catalog.FindAccelerator(from.Value) is { } start)
            {
                spec = spec with { From = start.Key, FromTdpW = start.TdpW, FromTflops = start.Tflops };
            }

            // A part that shares its silicon with a catalog entry takes that entry's measured shares where it has none.
            if (spec?.SameSiliconAs is { } sibling && node is MappingNode owner)
            {
                var at = owner.Get("same_silicon_as") ?? owner;
                if (sibling == name)
                {
                    v.Error(at, AcceleratorSpec.OwnSiliconError);
                    spec = null;
                }
                else if (catalog.FindAccelerator(sibling) is { } other)
                {
                    spec = spec.WithSiblingShares(other);
                }
                else
                {
                    v.Error(at, $"expected a catalog accelerator with this part's die and memory, got '{sibling}'" + CatalogHint(sibling, catalog.AcceleratorKeys));
                    spec = null;
                }
            }

            _accelerators[name] = spec;
        }
    }

    private void BindModels(MappingNode? section)
    {
        foreach (var (name, node) in Entries(section, bad => _models[bad] = null))
        {
            _models[name] = Inherit(name, node, "model",
                key => catalog.ModelNode(key), catalog.ModelKeys, ScenarioSchema.ScenarioModelShape,
                (key, m) => SpecBinder.Model(key, m, v));
        }
    }

    /// <summary>A catalog key, {from: key, ...overrides}, or a full definition.</summary>
    private T? Inherit<T>(
        string name,
        Node node,
        string noun,
        Func<string, MappingNode?> findBase,
        IEnumerable<string> keys,
        Shape fullShape,
        Func<string, MappingNode, T?> bind)
        where T : class
    {
        switch (node)
        {
            case ScalarNode scalar:
            {
                if (findBase(scalar.Value) is { } baseNode)
                {
                    return bind(name, baseNode);
                }

                v.Error(scalar, $"unknown catalog {noun} '{scalar.Value}'{CatalogHint(scalar.Value, keys)}");
                return null;
            }

            case MappingNode mapping when mapping.Find("from") is { } from:
            {
                if (v.Node(mapping, "from") is not ScalarNode fromName)
                {
                    return null;
                }

                if (findBase(fromName.Value) is not { } baseNode)
                {
                    v.Error(fromName, $"unknown catalog {noun} '{fromName.Value}'{CatalogHint(fromName.Value, keys)}");
                    return null;
                }

                var merged = SpecBinder.Merge(baseNode, mapping);
                var before = v.Diagnostics.Count;
                fullShape.Check(merged, v.PathOf(mapping), v.Ctx);
                return v.Diagnostics.Count > before ? null : bind(name, merged);
            }

            case MappingNode mapping:
                return bind(name, mapping);

            default:
                return null;
        }
    }

    private AcceleratorSpec? ResolveAccelerator(Node reference)
    {
        var name = ((ScalarNode)reference).Value;
        AcceleratorSpec? spec;
        if (_accelerators.TryGetValue(name, out var own))
        {
            spec = own;
        }
        else if (catalog.FindAccelerator(name) is { } fromCatalog)
        {
            spec = fromCatalog;
        }
        else
        {
            v.Error(reference, $"unknown accelerator '{name}'{CatalogHint(name, _accelerators.Keys.Concat(catalog.AcceleratorKeys))}");
            return null;
        }

        if (spec is not null && !_usedAccelerators.Contains(spec))
        {
            _usedAccelerators.Add(spec);
        }

        return spec;
    }

    private ModelSpec? ResolveModel(Node reference)
    {
        var name = ((ScalarNode)reference).Value;
        ModelSpec? spec;
        if (_models.TryGetValue(name, out var own))
        {
            spec = own;
        }
        else if (catalog.FindModel(name) is { } fromCatalog)
        {
            spec = fromCatalog;
        }
        else
        {
            v.Error(reference, $"unknown model '{name}'{CatalogHint(name, _models.Keys.Concat(catalog.ModelKeys))}");
            return null;
        }

        if (spec is not null && !_usedModels.Contains(spec))
        {
            _usedModels.Add(spec);
        }

        return spec;
    }

    private static string CatalogHint(string name, IEnumerable<string> keys)
    {
        var hint = Suggest.Hint(name, keys.ToList());
        return hint.Length > 0 ? hint : " ('clustersim catalog' lists the catalog)";
    }

    // ---- hardware ------------------------------------------------------------------------------

    private void BindNodeGroups(MappingNode? section)
    {
        foreach (var (name, node) in Entries(section, bad => _groups[bad] = null))
        {
            _groups[name] = null;
            if (node is not MappingNode m || v.Node(m, "accelerator") is not { } reference)
            {
                continue;
            }

            var accelerator = ResolveAccelerator(reference);
            if (accelerator is null || v.Int(m, "count") is not { } count || v.Int(m, "per_node") is not { } perNode)
            {
                continue;
            }

            CxlSpec? cxl = null;
            if (v.Mapping(m, "cxl") is { } c)
            {
                if (v.Num(c, "capacity_gb") is not { } capacity || v.Num(c, "bandwidth_gbs") is not { } bandwidth
                    || v.Seconds(c, "latency") is not { } latency)
                {
                    continue;
                }

                cxl = new CxlSpec(capacity, bandwidth, latency);
            }

            var spec = new NodeSpec(
                name,
                count,
                accelerator.Key,
                perNode,
                SpecBinder.Link(v.Mapping(m, "link"), v) ?? accelerator.ScaleUp,
                v.Num(m, "host_memory_gb"),
                v.Num(m, "host_power_w"),
                cxl,
                SpecBinder.Link(v.Mapping(m, "network"), v),
                v.Int(m, "host_cores"));
            _groups[name] = (spec, m, accelerator);
        }
    }

    private List<RackSpec> BindRacks(MappingNode? section, double? facilityRackKw)
    {
        var racks = new List<RackSpec>();
        var placed = new Dictionary<string, string>();
        foreach (var (name, node) in Entries(section))
        {
            if (node is not MappingNode m || v.Node(m, "nodes") is not SequenceNode list)
            {
                continue;
            }

            var groups = new List<string>();
            foreach (var item in list.Items)
            {
                if (item is not ScalarNode reference || v.Diagnostics.IsBad(item))
                {
                    continue;
                }

                var group = reference.Value;
                if (!_groups.ContainsKey(group))
                {
                    v.Error(reference, $"unknown node group '{group}'{Suggest.Hint(group, _groups.Keys.ToList())}");
                }
                else if (placed.TryGetValue(group, out var other))
                {
                    v.Error(reference, $"node group '{group}' is already in rack '{other}'");
                }
                else
                {
                    placed[group] = name;
                    groups.Add(group);
                }
            }

            racks.Add(new RackSpec(name, v.Int(m, "count") ?? 1, groups, v.Num(m, "power_cap_kw") ?? facilityRackKw));
        }

        foreach (var group in _groups.Keys.Where(g => !placed.ContainsKey(g)))
        {
            racks.Add(new RackSpec(group, 1, [group], facilityRackKw));
        }

        return racks;
    }

    // ---- deployments ---------------------------------------------------------------------------

    private sealed record Bound(DeploymentSpec Spec, MappingNode Node, ModelSpec Model);

    private List<Bound> BindDeployments(MappingNode? section, PolicySet? policies, PolicySpec? execution)
    {
        var bound = new List<Bound>();
        foreach (var (name, node) in Entries(section, bad => { _deploymentNodes.Add((bad, new MappingNode(section!.Source, 0, 0))); _unresolvedModels = true; }))
        {
            if (node is not MappingNode m)
            {
                continue;
            }

            _deploymentNodes.Add((name, m));
            var model = v.Node(m, "model") is { } modelRef ? ResolveModel(modelRef) : null;
            _unresolvedModels |= model is null;
            (NodeSpec Spec, MappingNode Node, AcceleratorSpec Accelerator)? group = null;
            if (v.Node(m, "nodes") is ScalarNode groupRef)
            {
                if (!_groups.TryGetValue(groupRef.Value, out group))
                {
                    v.Error(groupRef, $"unknown node group '{groupRef.Value}'{Suggest.Hint(groupRef.Value, _groups.Keys.ToList())}");
                }
            }

            var ownExecution = v.Node(m, "execution_model") is { } e ? BindExecutionModel(e) : execution;
            var ownPolicies = WithEngineDefaults(BindPolicySet(v.Mapping(m, "policies"), policies), ownExecution, group?.Accelerator, model);
            if (model is null || v.Int(m, "tp") is not { } tp || v.Int(m, "pp") is not { } pp)
            {
                continue;
            }

            CheckParallelism(m, model, tp, pp);
            if (group is null || ownPolicies is null || ownExecution is null
                || v.Int(m, "replicas") is not { } replicas
                || v.Str(m, "role") is not { } role || v.Int(m, "max_batch") is not { } maxBatch
                || v.Int(m, "max_batch_tokens") is not { } maxTokens || v.Int(m, "kv_block_tokens") is not { } block
                || v.Num(m, "memory_fraction") is not { } fraction)
            {
                continue;
            }

            var spec = new DeploymentSpec(name, model.Key, group.Value.Spec.Name, tp, pp, replicas,
                Enum.Parse<DeploymentRole>(role, ignoreCase: true), maxBatch, maxTokens, block, fraction, ownPolicies, ownExecution);
            if (v.Has(m, "pp_micro_batches"))
            {
                if (v.Int(m, "pp_micro_batches") is not { } microBatches)
                {
                    continue;
                }

                spec = spec with { PpMicroBatches = microBatches };
            }

            if (v.Str(m, "beam_prompt_reads") == "once")
            {
                spec = spec with { BeamPromptReadOnce = true };
            }

            if (v.Str(m, "prefix_caching") == "off")
            {
                spec = spec with { PrefixCachingOff = true };
            }

            if (v.Has(m, "kv_cache_tokens"))
            {
                if (v.Int(m, "kv_cache_tokens") is not { } kvTokens)
                {
                    continue;
                }

                if (kvTokens < block)
                {
                    Report(m, "kv_cache_tokens", $"a KV cache of {kvTokens} tokens holds no whole block of kv_block_tokens {block}; give the engine's reported size in tokens");
                    continue;
                }

                spec = spec with { KvCacheTokens = kvTokens };
            }

            // A plain kind is short for the engine's HTTP server at its measured time, or none; a mapping gives the time.
            if (v.Has(m, "request_path"))
            {
                var path = v.Mapping(m, "request_path");
                if (path is not null)
                {
                    if (v.Seconds(path, "latency") is not { } latency)
                    {
                        continue;
                    }

                    spec = spec with { RequestPath = new RequestPathSpec(RequestPathKind.Measured, latency) };
                }
                else if (v.Str(m, "request_path") is { } kind)
                {
                    spec = spec with
                    {
                        RequestPath = kind == "http"
                            ? new RequestPathSpec(RequestPathKind.Http, EngineDefaults.HttpRequestPathSeconds)
                            : new RequestPathSpec(RequestPathKind.InProcess, 0),
                    };
                }
                else
                {
                    continue;
                }
            }

            if (v.Str(m, "local_kv") == "window")
            {
                if (model is not LlmModelSpec { LocalAttention: not null })
                {
                    Report(m, "local_kv", $"local_kv: window frees what a local-attention layer's window has passed, but '{model.Key}' has no local_attention: every layer holds the whole context; drop local_kv");
                    continue;
                }

                spec = spec with { LocalKvWindow = true };
            }

            if (v.Int(m, "ep") is not { } ep || v.Str(m, "attention") is not { } attention)
            {
                continue;
            }

            if (attention == "dp")
            {
                if (model is not LlmModelSpec { Moe: not null })
                {
                    Report(m, "attention", $"attention dp runs each rank's own sequences with whole weights and spreads the routed experts over the ranks, but '{model.Key}' is not a mixture of experts; for a dense model use replicas");
                    continue;
                }

                if (v.Has(m, "ep") && ep != tp)
                {
                    Report(m, "ep", $"ep {ep} with attention dp: the routed experts spread over every rank of the group, so ep is tp ({tp}); drop ep");
                    continue;
                }

                ep = tp;
                spec = spec with { AttentionDataParallel = true };
            }

            if (ep > 1)
            {
                if (model is not LlmModelSpec { Moe: { } moe })
                {
                    Report(m, "ep", $"ep {ep} spreads routed experts over ranks, but '{model.Key}' is not a mixture of experts; drop ep or use tp");
                    continue;
                }

                if (tp % ep != 0)
                {
                    Report(m, "ep", $"ep {ep} does not divide tp {tp}: the experts are spread over ep ranks of the tensor group and each is split over tp / ep");
                    continue;
                }

                if (moe.Experts % ep != 0)
                {
                    var (key, what) = spec.AttentionDataParallel && !v.Has(m, "ep") ? ("attention", $"attention dp spreads the experts over all {ep} ranks, but {ep}") : ("ep", $"ep {ep}");
                    Report(m, key, $"{what} does not divide the {moe.Experts} routed experts of '{model.Key}': each rank holds an equal share of whole experts");
                    continue;
                }

                spec = spec with { ExpertParallel = ep };
            }

            if (v.Mapping(m, "expert_load") is { } load)
            {
                if (spec.ExpertParallel <= 1 || model is not LlmModelSpec { Moe: { } routed })
                {
                    Report(m, "expert_load", "expert_load sets how unevenly the routed experts load the ranks they are spread over, but this deployment spreads none (no ep above 1 or attention dp); drop it");
                    continue;
                }

                if (ExpertLoadFields.Read(v, load, "cv", "hottest", routed.Experts, routed.ActiveExperts) is not { } measured)
                {
                    continue;
                }

                spec = spec with { ExpertLoad = measured };
            }
            else if (v.Has(m, "expert_load"))
            {
                continue;
            }

            // Kept under attention tp too, where it does nothing (the run says so), so that --set attention=tp compares.
            // A plain kind is short for {kind: ...}.
            if (v.Has(m, "expert_exchange"))
            {
                var exchange = v.Mapping(m, "expert_exchange");
                var kind = exchange is null ? v.Str(m, "expert_exchange") : v.Str(exchange, "kind");
                if (kind is null || (v.Has(exchange, "dispatch") && v.Str(exchange, "dispatch") is null))
                {
                    continue;
                }

                spec = spec with
                {
                    ExpertExchange = kind == "all_to_all" ? ExpertExchange.AllToAll : ExpertExchange.AllGather,
                    DispatchPrecision = v.Has(exchange, "dispatch") ? SpecBinder.PrecisionOf(v.Str(exchange, "dispatch")) : null,
                };
            }

            // Not given, max_batch is the engine's own (TensorRT-LLM's max_batch_size, on each attention-dp rank), and the run says so.
            if (!v.Has(m, "max_batch"))
            {
                spec = spec with
                {
                    MaxBatch = EngineDefaults.MaxBatch(EngineDefaults.StackOf(ownExecution), EngineDefaults.VersionOf(ownExecution), group.Value.Accelerator) is { } engine
                        ? engine * (spec.AttentionDataParallel ? tp : 1)
                        : spec.MaxBatch,
                    MaxBatchDefaulted = true,
                };
            }

            CheckPlacement(spec, m, model, group.Value.Accelerator);
            bound.Add(new Bound(spec, m, model));
        }

        CheckCapacity(bound);
        return bound;
    }

    /// <summary>Parallel degrees the model can be split by, as its kind says.</summary>
    private void CheckParallelism(MappingNode m, ModelSpec model, int tp, int pp)
    {
        foreach (var (key, message) in KindRegistry.ForModel(model.Kind)?.SplitProblems(model, tp, pp) ?? [])
        {
            Report(m, key, message);
        }
    }

    /// <summary>What a deployment on its hardware can tell: the phases it may serve, weights that must fit the memory.</summary>
    private void CheckPlacement(DeploymentSpec d, MappingNode m, ModelSpec model, AcceleratorSpec accelerator)
    {
        if (d.Role != DeploymentRole.Both && KindRegistry.ForModel(model.Kind) is not { HasPhases: true })
        {
            Report(m, "role", $"role '{d.Role.ToString().ToLowerInvariant()}' applies to llm models only; '{model.Key}' is a {model.Kind} model");
        }

        // Weights are sharded over tp x pp accelerators; they must fit in the share of memory the
        // server may use, leaving the rest for the KV cache and activations.
        var capacity = (double)d.Tp * d.Pp * accelerator.HbmBytes * d.MemoryFraction;
        var weights = d.ReplicaWeightBytes(model);
        if (weights > capacity)
        {
            Report(m, m.Get("tp") is not null ? "tp" : "model",
                $"the {model.WeightPrecision.Key()} weights of '{model.Key}' need {Gb(weights)}{(d.AttentionDataParallel ? " (all but the routed experts on every rank: attention dp)" : "")} but tp {d.Tp} x pp {d.Pp} x "
                + $"{Fmt(accelerator.HbmGb)} GiB ({accelerator.Key}) x memory_fraction {Fmt(d.MemoryFraction)} holds {Gb(capacity)}; "
                + "raise tp or pp, or use a smaller weight_precision");
        }
    }

    /// <summary>Deployments on a node group cannot use more accelerators than it has.</summary>
    private void CheckCapacity(List<Bound> bound)
    {
        foreach (var (groupName, entry) in _groups)
        {
            if (entry is not { } group)
            {
                continue;
            }

            var on = bound.Where(b => b.Spec.Nodes == groupName).ToList();
            var need = on.Sum(b => b.Spec.TotalAccelerators);
            var have = group.Spec.TotalAccelerators;
            if (need <= have)
            {
                continue;
            }

            var parts = string.Join(", ", on.Select(b => $"{b.Spec.Name}: {b.Spec.Replicas} x tp {b.Spec.Tp} x pp {b.Spec.Pp} = {b.Spec.TotalAccelerators}"));
            var last = on[^1];
            Report(last.Node, last.Node.Get("replicas") is not null ? "replicas" : "nodes",
                $"node group '{groupName}' has {have} accelerators ({group.Spec.Count} node{(group.Spec.Count == 1 ? "" : "s")} x {group.Spec.PerNode}) but its deployments need {need} ({parts})");
        }
    }

    // ---- workloads -----------------------------------------------------------------------------

    private List<WorkloadSpec> BindWorkloads(MappingNode? section, List<Bound> deployments)
    {
        var workloads = new List<WorkloadSpec>();
        foreach (var (name, node) in Entries(section))
        {
            if (node is not MappingNode m || v.Str(m, "kind") is not { } kind || v.Node(m, "model") is not { } modelRef)
            {
                continue;
            }

            var model = ResolveModel(modelRef);
            var descriptor = KindRegistry.ForWorkload(kind)!;
            if (model is not null && model.Kind != descriptor.ModelKind)
            {
                var article = KindRegistry.ForModel(model.Kind)?.ModelArticle ?? "a";
                v.Error(modelRef, $"'{model.Key}' is {article} {model.Kind} model; a {kind} workload needs {descriptor.ModelArticle} {descriptor.ModelKind} model");
                model = null;
            }

            var arrival = BindArrival(v.Mapping(m, "arrival"));
            var serving = model is null ? null : ServingDeployments(m, model, deployments);
            var slo = BindSlo(v.Mapping(m, "slo"));
            if (model is null || arrival is null || serving is null || slo is null || v.Int(m, "priority") is not { } priority)
            {
                continue;
            }

            var spec = descriptor.BindWorkload(new WorkloadBinding(name, m, v, model, arrival, priority, serving, slo, BindDistribution));
            if (spec is not null)
            {
                workloads.Add(spec);
            }
        }

        return workloads;
    }

    /// <summary>The deployments a class may use: those it names (which must serve its model), or all of its model's.</summary>
    private List<string>? ServingDeployments(MappingNode m, ModelSpec model, List<Bound> deployments)
    {
        List<Bound> serving;
        if (v.Node(m, "deployments") is SequenceNode list)
        {
            serving = [];
            foreach (var item in list.Items)
            {
                if (item is not ScalarNode reference || v.Diagnostics.IsBad(item))
                {
                    return null;
                }

                var found = deployments.FirstOrDefault(d => d.Spec.Name == reference.Value);
                if (found is null)
                {
                    var names = DeploymentNames();
                    v.Error(reference, $"unknown deployment '{reference.Value}'{Suggest.Hint(reference.Value, names)}");
                    return null;
                }

                if (found.Spec.Model != model.Key)
                {
                    v.Error(reference, $"deployment '{found.Spec.Name}' serves '{found.Spec.Model}', not '{model.Key}'");
                    return null;
                }

                serving.Add(found);
            }
        }
        else
        {
            serving = deployments.Where(d => d.Spec.Model == model.Key).ToList();
            if (serving.Count == 0)
            {
                // A deployment of this model may exist but have failed to bind; only say "none"
                // when no deployment names it at all.
                if (!_unresolvedModels && !DeploymentNodes().Any(d => v.Str(d, "model") == model.Key))
                {
                    v.Error(m.Get("model")!, $"no deployment serves '{model.Key}'; add one under 'deployments'");
                }

                return null;
            }
        }

        if (KindRegistry.ForModel(model.Kind) is { HasPhases: true })
        {
            var prefill = serving.Any(d => d.Spec.Role != DeploymentRole.Decode);
            var decode = serving.Any(d => d.Spec.Role != DeploymentRole.Prefill);
            if (!prefill || !decode)
            {
                v.Error(m.Get("deployments") ?? m.Get("model")!,
                    $"the deployments serving '{model.Key}' have {(prefill ? "prefill" : "decode")} replicas but no {(prefill ? "decode" : "prefill")} replicas");
                return null;
            }
        }

        return serving.Select(d => d.Spec.Name).ToList();
    }

    private List<string> DeploymentNames() => _deploymentNodes.Select(d => d.Name).ToList();

    private IEnumerable<MappingNode> DeploymentNodes() => _deploymentNodes.Select(d => d.Node);

    private SloSpec? BindSlo(MappingNode? m)
    {
        if (m is null)
        {
            return SloSpec.None;
        }

        return v.Num(m, "percentile") is { } percentile
            ? new SloSpec(v.NumIfDeclared(m, "ttft"), v.NumIfDeclared(m, "tbt"), v.NumIfDeclared(m, "tpot"), v.NumIfDeclared(m, "e2e"),
                v.NumIfDeclared(m, "deadline"), v.NumIfDeclared(m, "frame_deadline"), v.NumIfDeclared(m, "startup"), percentile)
            : null;
    }

    private ArrivalSpec? BindArrival(MappingNode? m)
    {
        double? N(string key) => v.Num(m, key);
        switch (v.Str(m, "kind"))
        {
            case "poisson":
                return N("rate") is { } rate ? new PoissonArrival(rate) : null;
            case "gamma":
                return N("rate") is { } r && N("cv") is { } cv ? new GammaArrival(r, cv) : null;
            case "constant":
                return N("rate") is { } c ? new ConstantArrival(c) : null;
            case "diurnal":
                if (N("mean_rate") is not { } mean || N("peak_to_trough") is not { } ratio || N("period") is not { } period)
                {
                    return null;
                }

                var peakAt = v.Has(m, "peak_at") ? N("peak_at") : period / 2;
                if (peakAt is null)
                {
                    return null;
                }

                if (peakAt >= period)
                {
                    v.Error(m!.Get("peak_at")!, $"peak_at ({Durations.Format(peakAt.Value)}) must fall within the period ({Durations.Format(period)})");
                    return null;
                }

                return new DiurnalArrival(mean, ratio, period, peakAt.Value);
            case "mmpp":
                return N("rate") is { } calm && N("burst_rate") is { } burst && N("burst_every") is { } every && N("burst_length") is { } length
                    ? new MmppArrival(calm, burst, every, length)
                    : null;
            case "trace":
            {
                var format = v.Str(m, "format");
                if (v.Node(m, "file") is not ScalarNode file || format is null || N("time_scale") is not { } scale)
                {
                    return null;
                }

                var path = _files.ResolveFile(file);
                var columns = _files.BindTraceColumns(m!, format);
                if (path is null || !_files.CheckTraceOptions(m!, format) || (format == "csv" && columns is null)
                    || !_files.CheckTraceFormat(file, path, format, columns, m!))
                {
                    return null;
                }

                return new TraceArrival(path, format switch
                {
                    "azure" => TraceFormat.Azure,
                    "mooncake" => TraceFormat.Mooncake,
                    "burstgpt" => TraceFormat.BurstGpt,
                    _ => TraceFormat.Csv,
                }, scale)
                {
                    Columns = columns,
                    ModelFilter = v.Str(m, "model"),
                    LogTypeFilter = v.Str(m, "log_type"),
                };
            }

            case "closed":
                return v.Int(m, "users") is { } users && BindDistribution(v.Node(m, "think_time")) is { } think
                    ? new ClosedLoopArrival(users, think)
                    : null;
            default:
                return null;
        }
    }

    private DistributionSpec? BindDistribution(Node? node)
    {
        switch (node)
        {
            case ScalarNode scalar:
                return Durations.TryParse(scalar, out var value) ? new ConstantDistribution(value) : null;
            case MappingNode m:
            {
                double? N(string key) => v.Num(m, key);
                bool Ok(string key) => !v.Has(m, key) || N(key) is not null;
                if (!Ok("min") || !Ok("max"))
                {
                    return null;
                }

                var min = v.NumIfDeclared(m, "min");
                var max = v.NumIfDeclared(m, "max");
                switch (v.Str(m, "kind"))
                {
                    case "constant":
                        return N("value") is { } c ? new ConstantDistribution(c) : null;
                    case "uniform":
                        return min is { } lo && max is { } hi ? new UniformDistribution(lo, hi) : null;
                    case "normal":
                        return N("mean") is { } mu && N("std") is { } std ? new NormalDistribution(mu, std, min, max) : null;
                    case "lognormal":
                        return N("mean") is { } mean && N("cv") is { } cv ? new LognormalDistribution(mean, cv, min, max) : null;
                    case "exponential":
                        return N("mean") is { } e ? new ExponentialDistribution(e, min, max) : null;
                    case "empirical":
                    {
                        if (v.Node(m, "file") is not ScalarNode file || N("scale") is not { } scale || _files.ResolveFile(file) is not { } path)
                        {
                            return null;
                        }

                        var column = v.Str(m, "column");
                        return _files.CheckColumn(m, path, column, minColumns: 1) ? new EmpiricalDistribution(path, column, scale) : null;
                    }

                    default:
                        return null;
                }
            }

            default:
                return null;
        }
    }

    // ---- policies ------------------------------------------------------------------------------

    private static readonly string[] PolicyKinds = ["routing", "batching", "scheduling", "admission", "preemption", "autoscaling"];

    /// <summary>The policies in force: those given here, else the inherited set, else the defaults.</summary>
    private PolicySet? BindPolicySet(MappingNode? m, PolicySet? inherited)
    {
        if (m is null && inherited is not null)
        {
            return inherited;
        }

        var specs = new PolicySpec?[PolicyKinds.Length];
        for (var i = 0; i < PolicyKinds.Length; i++)
        {
            var kind = PolicyKinds[i];
            var union = ScenarioSchema.PolicyUnions[kind];
            var given = m?.Get(kind);
            if (given is not null)
            {
                specs[i] = v.Diagnostics.IsBad(given) ? null : BindPolicy(given, union, SeamOf(kind));
            }
            else if (inherited is not null)
            {
                specs[i] = Of(inherited, i);
            }
            else
            {
                var name = m is not null ? v.Str(m, kind) : DefaultPolicyName(kind);
                specs[i] = name is null ? null : WithDefaults(name, union, null) is { } byDefault ? byDefault with { Defaulted = true } : null;
            }
        }

        return specs.Any(s => s is null) ? null : new PolicySet(specs[0]!, specs[1]!, specs[2]!, specs[3]!, specs[4]!, specs[5]!);
    }

    /// <summary>
    /// A batching or preemption the scenario did not name is its engine's default, read from the execution model's stack
    /// (<see cref="EngineDefaults.Policy"/>): TensorRT-LLM's stacks batch in flight and never preempt. Taken again
    /// for a deployment with an execution model of its own, so an inherited default follows the deployment's stack, not
    /// the scenario's.
    /// </summary>
    private PolicySet? WithEngineDefaults(PolicySet? set, PolicySpec? execution, AcceleratorSpec? accelerator = null, ModelSpec? model = null)
    {
        if (set is null || execution is null)
        {
            return set;
        }

        var stack = EngineDefaults.StackOf(execution);
        var version = EngineDefaults.VersionOf(execution);
        PolicySpec Engine(PolicySpec spec, PolicySeam seam)
        {
            if (!spec.Defaulted)
            {
                return spec;
            }

            var name = EngineDefaults.Policy(seam, stack, version, model, accelerator);
            var budget = seam == PolicySeam.Batching ? EngineDefaults.TokenBudget(stack, version, accelerator, model) : null;
            if ((name == spec.Name && (budget is null || spec.GetDouble("token_budget", -1) == budget))
                || WithDefaults(name, ScenarioSchema.PolicyUnions[PolicyCatalog.Key(seam)], null) is not { } taken)
            {
                return spec;
            }

            // V1's budget is its engine's max_num_batched_tokens for the deployment's part (vllm serve's default); V0's,
            // where it chunked a long context by itself, its SchedulerConfig's 512.
            return budget is { } tokens
                ? taken with { Defaulted = true, Parameters = new Dictionary<string, object>(taken.Parameters) { ["token_budget"] = (double)tokens } }
                : taken with { Defaulted = true };
        }

        var batching = Engine(set.Batching, PolicySeam.Batching);
        var preemption = Engine(set.Preemption, PolicySeam.Preemption);
        return ReferenceEquals(batching, set.Batching) && ReferenceEquals(preemption, set.Preemption)
            ? set
            : set with { Batching = batching, Preemption = preemption };
    }

    private static PolicySeam? SeamOf(string kind) => Enum.TryParse<PolicySeam>(kind, ignoreCase: true, out var seam) ? seam : null;

    private static PolicySpec Of(PolicySet set, int index) => index switch
    {
        0 => set.Routing,
        1 => set.Batching,
        2 => set.Scheduling,
        3 => set.Admission,
        4 => set.Preemption,
        _ => set.Autoscaling,
    };

    private static string? DefaultPolicyName(string kind)
        => ((ObjectShape)ScenarioSchema.Root.Find("policies")!.Shape).Find(kind)!.Default as string;

    private PolicySpec? BindExecutionModel(Node? node)
    {
        if (node is null)
        {
            return WithDefaults((string)ScenarioSchema.Root.Find("execution_model")!.Default!, ScenarioSchema.ExecutionModelUnion, null);
        }

        if (v.Diagnostics.IsBad(node))
        {
            return null;
        }

        // The roofline's stack names an efficiency entry: refuse one no shipped file has, where it was written.
        if (node is MappingNode m && m.Get("stack") is ScalarNode stack && EfficiencyStacks.Known is { Count: > 0 } known
            && !known.Contains(stack.Value))
        {
            v.Error(stack, $"unknown stack '{stack.Value}': the efficiency files have fits for {string.Join(", ", known)}" +
                           Suggest.Hint(stack.Value, known) +
                           "; to use your own measurements, name a fitted stack and override its factors here (compute_efficiency, memory_efficiency, iteration_overhead, ...)");
            return null;
        }

        return BindPolicy(node, ScenarioSchema.ExecutionModelUnion, PolicySeam.ExecutionModel);
    }

    private PolicySpec? BindPolicy(Node node, UnionShape union, PolicySeam? seam)
    {
        // A name that is not built in names a type: refuse here, where it is written, one that compile could not create.
        var nameNode = node as ScalarNode ?? (node as MappingNode)?.Get(union.Tag) as ScalarNode;
        if (seam is { } s && nameNode is not null && union.Variant(nameNode.Value) is null
            && PluginAssemblies.Problem(s, nameNode.Value) is { } problem)
        {
            v.Error(nameNode, problem);
            return null;
        }

        switch (node)
        {
            case ScalarNode scalar:
                return WithDefaults(scalar.Value, union, null);
            case MappingNode m when v.Str(m, union.Tag) is { } name:
                return WithDefaults(name, union, m);
            default:
                return null;
        }
    }

    /// <summary>A built-in policy gets every declared parameter (given or default); a custom one gets what was written.</summary>
    private PolicySpec? WithDefaults(string name, UnionShape union, MappingNode? m)
    {
        var parameters = new Dictionary<string, object>();
        var variant = union.Variant(name);
        if (variant is null)
        {
            foreach (var entry in m?.Entries ?? [])
            {
                if (entry.Key.Value != union.Tag)
                {
                    parameters[entry.Key.Value] = Raw(entry.Value);
                }
            }

            return new PolicySpec(name, parameters);
        }

        foreach (var field in variant.Fields.Where(f => f.Name != union.Tag))
        {
            object? value = field.Shape switch
            {
                NumberShape or DurationShape => m is null ? Values.NumberOf(field.Default) : v.Num(m, field.Name),
                _ => m is null ? field.Default : v.Str(m, field.Name),
            };
            if (value is null)
            {
                if (m is not null && v.Has(m, field.Name))
                {
                    return null; // present but bad: already reported
                }

                continue; // optional without default
            }

            if (field.Name == "file" && value is string file && m?.Get("file") is ScalarNode fileNode)
            {
                value = _files.ResolveFile(fileNode) ?? (object)file;
            }

            parameters[field.Name] = value;
        }

        return new PolicySpec(name, parameters);
    }

    private static object Raw(Node node) => node switch
    {
        ScalarNode s when Scalars.IsBool(s, out var b) => b,
        ScalarNode s when Scalars.IsNumber(s, out var d) => d,
        ScalarNode s => s.Value,
        SequenceNode seq => seq.Items.Select(Raw).ToList(),
        MappingNode map => (object)map.Entries.ToDictionary(e => e.Key.Value, e => Raw(e.Value)),
        _ => "",
    };

    // ---- facility and run ----------------------------------------------------------------------

    private FacilitySpec? BindFacility(MappingNode? f)
    {
        var c = v.Mapping(f, "cooling");
        var kind = c is null ? "air" : v.Str(c, "kind");
        if (kind is null || (c is null && v.Has(f, "cooling")))
        {
            return null;
        }

        var defaults = CoolingDefaults[kind];
        var cooling = new CoolingSpec(
            Enum.Parse<CoolingKind>(kind, ignoreCase: true),
            v.Num(c, "pue") ?? defaults.Pue,
            v.Num(c, "free_cooling_c") ?? defaults.FreeCoolingC,
            v.Num(c, "pue_per_c") ?? defaults.PuePerC,
            c is null ? 0.3 : v.Num(c, "fixed_overhead") ?? 0.3);

        var temperature = BindTemperature(f);
        var cap = v.Mapping(f, "power_cap");
        var electricity = BindElectricity(f);
        var costs = v.Mapping(f, "costs");
        var mode = costs is null ? "own" : v.Str(costs, "mode");
        if (temperature is null || electricity is null || mode is null)
        {
            return null;
        }

        return new FacilitySpec(
            cooling,
            temperature,
            new PowerCapSpec(v.Num(cap, "rack_kw"), v.Num(cap, "site_kw")),
            electricity,
            new CostSpec(
                mode == "rent" ? CostMode.Rent : CostMode.Own,
                costs is null ? 0 : v.Num(costs, "server_usd") ?? 0,
                costs is null ? 4 : v.Num(costs, "lifetime_years") ?? 4,
                costs is null ? 0 : v.Num(costs, "opex_usd_per_year") ?? 0,
                PlantCapital(costs, mode, "network_usd"),
                PlantCapital(costs, mode, "cooling_usd_per_kw")));
    }

    // A rent includes the network and the plant it runs on: counting them again would charge them twice.
    private double? PlantCapital(MappingNode? costs, string mode, string key)
    {
        var value = v.Num(costs, key);
        if (value is not null && mode == "rent" && v.Node(costs, key) is { } node)
        {
            v.Error(node, $"{key} is capital of an owned cluster, and facility.costs.mode is rent, whose price includes it: leave it out, or give mode: own");
            return null;
        }

        return value;
    }

    private TemperatureSpec? BindTemperature(MappingNode? f)
    {
        if (!v.Has(f, "outside_temp"))
        {
            return new ConstantTemperature(DefaultOutsideC);
        }

        switch (v.Node(f, "outside_temp"))
        {
            case ScalarNode s when Scalars.IsNumber(s, out var celsius):
                return new ConstantTemperature(celsius);
            case MappingNode m:
                switch (v.Str(m, "kind"))
                {
                    case "constant":
                        return v.Num(m, "celsius") is { } c ? new ConstantTemperature(c) : null;
                    case "daily":
                        return v.Num(m, "mean_c") is { } mean && v.Num(m, "amplitude_c") is { } amplitude && v.Seconds(m, "peak_at") is { } peak
                            ? new DailyTemperature(mean, amplitude, peak)
                            : null;
                    case "file":
                        if (v.Node(m, "file") is not ScalarNode file || _files.ResolveFile(file) is not { } path)
                        {
                            return null;
                        }

                        var column = v.Str(m, "column");
                        return _files.CheckColumn(m, path, column, minColumns: 2) ? new TemperatureFile(path, column) : null;
                    default:
                        return null;
                }

            default:
                return null;
        }
    }

    private ElectricitySpec? BindElectricity(MappingNode? f)
    {
        if (!v.Has(f, "electricity"))
        {
            return new ElectricitySpec([new PricePeriod(0, DefaultUsdPerKwh)]);
        }

        switch (v.Node(f, "electricity"))
        {
            case ScalarNode s when Scalars.IsNumber(s, out var price):
                return new ElectricitySpec([new PricePeriod(0, price)]);
            case MappingNode m when v.Str(m, "kind") == "flat":
                return v.Num(m, "usd_per_kwh") is { } flat ? new ElectricitySpec([new PricePeriod(0, flat)]) : null;
            case MappingNode m when v.Node(m, "periods") is SequenceNode list:
            {
                var periods = new List<PricePeriod>();
                foreach (var item in list.Items)
                {
                    if (item is not MappingNode p || v.Seconds(p, "start") is not { } start || v.Num(p, "usd_per_kwh") is not { } usd)
                    {
                        return null;
                    }

                    var startNode = p.Get("start")!;
                    if (periods.Count == 0 && start != 0)
                    {
                        v.Error(startNode, "the first period must start at 0 (midnight)");
                        return null;
                    }

                    if (periods.Count > 0 && start <= periods[^1].StartSeconds)
                    {
                        v.Error(startNode, $"periods must be in order of start: {Durations.Format(start)} does not come after {Durations.Format(periods[^1].StartSeconds)}");
                        return null;
                    }

                    if (start >= 86400)
                    {
                        v.Error(startNode, $"start ({Durations.Format(start)}) must be within the day (before 24h)");
                        return null;
                    }

                    periods.Add(new PricePeriod(start, usd));
                }

                return new ElectricitySpec(periods);
            }

            default:
                return null;
        }
    }

    private RunSpec? BindRun(MappingNode? m)
    {
        if (m is null || v.Seconds(m, "warmup") is not { } warmup || v.Long(m, "seed") is not { } seed
            || v.Int(m, "replications") is not { } replications || v.Strs(m, "outputs") is not { } outputs)
        {
            return null;
        }

        if ((v.Has(m, "duration") && v.Num(m, "duration") is null) || (v.Has(m, "requests") && v.Long(m, "requests") is null)
            || (v.Has(m, "max_in_flight") && v.Long(m, "max_in_flight") is null))
        {
            return null;
        }

        return new RunSpec(
            v.Seconds(m, "duration"),
            v.Long(m, "requests"),
            warmup,
            seed,
            replications,
            outputs.Distinct().Select(o => Enum.Parse<RunOutput>(o, ignoreCase: true)).ToList(),
            v.Str(m, "out_dir"))
        {
            MaxInFlight = v.Has(m, "max_in_flight") ? v.Long(m, "max_in_flight") : null,
        };
    }

    // ---- measured ------------------------------------------------------------------------------

    /// <summary>
    /// The measured section: the workload its figures describe (when not named, the scenario's only workload, else its only
    /// text workload) and the figures in the file's order, each one the workload's kind lists. A capacity figure needs the
    /// workload's own SLO, which says what capacity means.
    /// </summary>
    private MeasuredSpec? BindMeasured(MappingNode? m, MappingNode? workloadSection, List<WorkloadSpec> workloads)
    {
        if (m is null || v.Str(m, "role") is not { } role)
        {
            return null;
        }

        var written = workloadSection?.Entries.Select(e => (Name: e.Key.Value, Kind: ((e.Value as MappingNode)?.Get("kind") as ScalarNode)?.Value)).ToList() ?? [];
        var names = written.Select(w => w.Name).ToList();
        string name;
        if (v.Node(m, "workload") is ScalarNode named)
        {
            if (!names.Contains(named.Value))
            {
                v.Error(named, $"unknown workload '{named.Value}'{Suggest.Hint(named.Value, names)}");
                return null;
            }

            name = named.Value;
        }
        else
        {
            var text = written.Where(w => w.Kind == "text").Select(w => w.Name).ToList();
            if (written.Count == 1 || text.Count == 1)
            {
                name = written.Count == 1 ? written[0].Name : text[0];
            }
            else
            {
                v.Ctx.ErrorAtOwner(m, v.PathOf(m), written.Count == 0
                    ? "the measured figures describe a workload, and the scenario has none"
                    : text.Count > 1
                        ? $"name the workload the figures describe (workload: ...): the scenario has {text.Count} text workloads, {string.Join(", ", text.Select(t => $"'{t}'"))}"
                        : $"name the workload the figures describe (workload: ...): the scenario has {written.Count} workloads, {string.Join(", ", names.Select(t => $"'{t}'"))}");
                return null;
            }
        }

        // Null when the workload itself is bad: its own errors say why.
        var workload = workloads.FirstOrDefault(w => w.Name == name);
        var kind = written.First(w => w.Name == name).Kind;
        var measurable = kind is null ? [] : MeasuredFigures.For(kind);
        if (workload is not null && measurable.Count == 0)
        {
            Report(m, "workload", $"a {kind} workload cannot carry measured figures: its kind lists none");
            return null;
        }

        var sectionRole = Role(role);
        var figures = BindFigures(v.Mapping(m, "figures"), workload, measurable, capacityNeedsSlo: true);
        var rows = new List<MeasuredRow>();
        if (v.Node(m, "rows") is SequenceNode list)
        {
            foreach (var item in list.Items.OfType<MappingNode>().Where(i => !v.Diagnostics.IsBad(i)))
            {
                if (v.Str(item, "name") is { } rowName && v.Strs(item, "set") is { } sets)
                {
                    // A row's overrides may give the workload its SLO, so a capacity there is checked when the row is loaded.
                    var rowRole = v.Has(item, "role") ? v.Str(item, "role") : role;
                    rows.Add(new MeasuredRow(rowName, sets, rowRole is null ? sectionRole : Role(rowRole), BindFigures(v.Mapping(item, "figures"), workload, measurable, capacityNeedsSlo: false)));
                }
            }
        }

        return workload is null ? null : new MeasuredSpec(v.Str(m, "source"), sectionRole, workload.Name, figures) { Kind = workload.Kind, Rows = rows };
    }

    private static MeasuredRole Role(string role) => role == "fit" ? MeasuredRole.Fit : MeasuredRole.Check;

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>A set of measured figures in the file's order; a capacity needs the workload's own SLO, which says what capacity means.</summary>
    private List<MeasuredFigure> BindFigures(MappingNode? figures, WorkloadSpec? workload, IReadOnlyList<MeasuredFigureKind> measurable, bool capacityNeedsSlo)
    {
        var list = new List<MeasuredFigure>();
        foreach (var entry in figures?.Entries ?? [])
        {
            var name = entry.Key.Value;
            if (workload is not null && MeasuredFigures.Contains(name) && measurable.All(f => f.Name != name))
            {
                // The schema takes every kind's figures (and has refused any other name); each workload only its own kind's.
                var own = measurable.Select(f => f.Name).ToList();
                v.Ctx.Error(entry.Key, v.PathOf(figures!), $"'{name}' is not a figure of {Article(workload.Kind)} {workload.Kind} workload ('{workload.Name}'); expected one of "
                                   + string.Join(", ", MeasuredFigures.Briefly(own)) + Suggest.Hint(name, own));
                continue;
            }

            var node = v.Node(figures, name);
            var map = node as MappingNode;
            var value = map is not null ? v.Num(map, "value") : v.Num(figures, name);
            var within = map is not null && v.Has(map, "within") ? v.Num(map, "within") : null;
            if (node is null || value is null || (map is not null && v.Has(map, "within") && within is null))
            {
                continue;
            }

            var slo = (workload as TextWorkloadSpec)?.Slo;
            if (capacityNeedsSlo && name == MeasuredFigures.Capacity && slo is not null
                && slo.TtftSeconds is null && slo.TbtSeconds is null && slo.TpotSeconds is null && slo.E2eSeconds is null)
            {
                v.Error(entry.Value, $"capacity is the highest rate that meets the workload's SLO, and workload '{workload!.Name}' has none: give it one (slo: {{ttft: 2s, tpot: 200ms, percentile: 99}})");
                continue;
            }

            list.Add(new MeasuredFigure(name, value.Value, within));
        }

        return list;
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>The good entries of a section; <paramref name="onBad"/> hears the names of the bad ones.</summary>
    private IEnumerable<(string Name, Node Node)> Entries(MappingNode? section, Action<string>? onBad = null)
    {
        if (section is null)
        {
            yield break;
        }

        foreach (var entry in section.Entries)
        {
            if (!v.Diagnostics.IsBad(entry.Value))
            {
                yield return (entry.Key.Value, entry.Value);
            }
            else
            {
                // Known but broken (already reported): references to it must not add "unknown name".
                onBad?.Invoke(entry.Key.Value);
            }
        }
    }

    /// <summary>An error at a key's value when it was written, else at the mapping's own key.</summary>
    private void Report(MappingNode m, string key, string message)
    {
        if (m.Get(key) is { } node)
        {
            v.Error(node, message);
        }
        else
        {
            v.Ctx.ErrorAtOwner(m, v.PathOf(m), message);
        }
    }

    private static string Gb(double bytes) => (bytes / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + " GB";

    private static string Fmt(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
