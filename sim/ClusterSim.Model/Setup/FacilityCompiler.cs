using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;
using Sc = ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup;

/// <summary>
/// Turns a scenario's hardware and <c>facility</c> section into a <see cref="FacilitySetup"/>: one
/// facility node per machine (racks from the scenario's racks, implicit ones one per node group),
/// each replica placed on its node group's accelerators in order, power figures per accelerator
/// from the catalog, cooling, climate, caps, tariff and costs; and deployments' autoscaling
/// policies into <see cref="AutoscalingSetup"/>. Everything assumed goes into the notes.
/// </summary>
internal static class FacilityCompiler
{
    public static FacilitySetup Build(Scenario scenario, List<string> notes)
    {
        var f = scenario.Facility;
        var hardware = scenario.Hardware;
        var racks = new List<RackConfig>();
        var nodes = new List<NodeConfig>();
        var nodesOfGroup = new Dictionary<string, List<int>>();
        var models = new Dictionary<string, IPowerModel>();
        foreach (var rack in hardware.Racks)
        {
            var members = rack.Nodes.Select(scenario.NodeGroup).SelectMany(g => Enumerable.Range(0, g.Count).Select(i => (Group: g, Index: i))).ToList();
            var first = racks.Count;
            for (var r = 0; r < rack.Count; r++)
            {
                racks.Add(new RackConfig(rack.Count == 1 ? rack.Name : $"{rack.Name}-{r}", rack.PowerCapKw * 1e3));
            }

            for (var k = 0; k < members.Count; k++)
            {
                var (group, index) = members[k];
                var accelerator = scenario.Accelerator(group.Accelerator);
                if (!models.TryGetValue(accelerator.Key, out var model))
                {
                    model = ScenarioCompiler.At($"hardware.nodes.{group.Name}.accelerator", () => PowerModel(accelerator, notes));
                    models[accelerator.Key] = model;
                }

                if (!nodesOfGroup.TryGetValue(group.Name, out var list))
                {
                    nodesOfGroup[group.Name] = list = [];
                    notes.Add(HostNote(group, accelerator));
                }

                // Even spread: contiguous blocks of nodes per rack.
                list.Add(nodes.Count);
                nodes.Add(new NodeConfig($"{group.Name}-{index}", first + (int)((long)k * rack.Count / members.Count), group.PerNode, model, HostPower(group, accelerator)));
            }
        }

        var placement = Place(scenario, nodesOfGroup, nodes);
        var cooling = CoolingParameters.Defaults(f.Cooling.Kind switch
        {
            CoolingKind.Liquid => CoolingSystem.DirectLiquid,
            CoolingKind.Immersion => CoolingSystem.Immersion,
            _ => CoolingSystem.Air,
        }) with
        {
            DesignPue = f.Cooling.Pue,
            FreeCoolingC = f.Cooling.FreeCoolingC,
            PuePerC = f.Cooling.PuePerC,
            FixedOverhead = f.Cooling.FixedOverhead,
        };
        var options = new FacilityOptions
        {
            Cooling = ScenarioCompiler.At("facility.cooling", () => CoolingModels.Create(cooling)),
            Outside = ScenarioCompiler.At("facility.outside_temp", () => Outside(f.OutsideTemperature)),
            SiteCapW = f.PowerCap.SiteKw * 1e3,
            ElectricityUsdPerKwh = ScenarioCompiler.At("facility.electricity", () => DailySchedule.Periods(f.Electricity.Periods.Select(p => (p.StartSeconds, p.UsdPerKwh)).ToList())),
        };
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"facility: {cooling.System} cooling, PUE {cooling.DesignPue} at full load up to {cooling.FreeCoolingC} °C outside (+{cooling.PuePerC}/°C above, {cooling.FixedOverhead:P0} of the overhead fixed); thermal limits are estimates (see Facility/README.md)"));

        var setup = new FacilitySetup
        {
            Options = options,
            Racks = racks,
            Nodes = nodes,
            Placement = placement,
            Cost = ScenarioCompiler.At("facility.costs", () => CostCompiler.Parameters(scenario, notes)),
            AcceleratorCostByPool = ScenarioCompiler.At("facility.costs", () => PoolPrices(scenario, notes)),
        };
        ScenarioCompiler.At(scenario.Locations.Contains("facility.power_cap.site_kw") ? "facility.power_cap.site_kw" : "facility.power_cap", () => CheckCapsFit(setup));
        return setup;
    }

    /// <summary>
    /// What one accelerator of each deployment costs in the cost mode, for charging classes by the pools that
    /// served them (an unpriced one costs 0, as the cluster's capital counts it, and the cost notes say so).
    /// </summary>
    private static Dictionary<string, double> PoolPrices(Scenario scenario, List<string> notes)
    {
        var rent = scenario.Facility.Costs.Mode == CostMode.Rent;
        var prices = scenario.Deployments.ToDictionary(d => d.Name, d =>
        {
            var a = scenario.Accelerator(scenario.NodeGroup(d.Nodes).Accelerator);
            return (rent ? a.RentUsdPerHour : a.PriceUsd) ?? 0;
        });
        // The video and image sections' own cost figures are catalog rent x accelerator-seconds of their work on any
        // basis; on an owned basis that is another basis than the run's (whose cost.classes charge them their pools on
        // the run's basis), and the run says so rather than mixing quietly.
        var rentPriced = scenario.Workloads.Where(w => w.Kind is "video" or "image").Select(w => $"'{w.Name}'").ToList();
        if (!rent && rentPriced.Count > 0)
        {
            notes.Add($"cost per class: the video and image sections' cost figures for {string.Join(", ", rentPriced)} are priced at the catalog rent of the accelerator-seconds their work used, not on the run's owned basis; summary.json cost.classes charges them their pools on the run's basis");
        }

        return prices;
    }

    /// <summary>The deployment's autoscaling policy, or null for none.</summary>
    public static AutoscalingSetup? Autoscaling(DeploymentSpec d)
    {
        var p = d.Policies.Autoscaling;
        if (p.Name == "none")
        {
            return null;
        }

        if (p.Name != "threshold")
        {
            throw new NotSupportedException($"deployment '{d.Name}': autoscaling policy '{p.Name}' is not available; built in: none, threshold");
        }

        var max = (int)p.GetDouble("max_replicas");
        if (max > d.Replicas)
        {
            throw new ArgumentException(
                $"deployment '{d.Name}': autoscaling max_replicas {max} is more than the deployment's {d.Replicas} replicas (the hardware it is placed on); raise 'replicas' to {max}");
        }

        var cooldown = SimTime.FromSeconds(p.GetDouble("cooldown", 60));
        return new AutoscalingSetup
        {
            Metric = p.GetString("metric", "utilization") switch
            {
                "queue_length" => AutoscalingMetric.QueueLength,
                "kv_occupancy" => AutoscalingMetric.KvOccupancy,
                _ => AutoscalingMetric.Utilization,
            },
            ScaleUpAt = p.GetDouble("scale_up_at"),
            ScaleDownAt = p.GetDouble("scale_down_at"),
            MinReplicas = (int)p.GetDouble("min_replicas", 1),
            MaxReplicas = max,
            CooldownNs = cooldown,
            StartupNs = SimTime.FromSeconds(p.GetDouble("startup", 60)),

            // The Kubernetes autoscaler's 15 s sync period, or the cooldown when shorter (at least 1 s).
            EvaluationNs = Math.Clamp(cooldown, SimTime.Second, 15 * SimTime.Second),
        };
    }

    /// <summary>
    /// Power of one accelerator from its catalog figures: idle (the catalog's <c>idle_w</c>, else 0.107 x TDP),
    /// the compute units reaching the board limit at full clock, and the memory system drawing
    /// <c>memory_pj_per_bit</c> (default <see cref="AcceleratorPower.DefaultMemoryPicojoulesPerBit"/>) times the
    /// bandwidth it streams; the compute part follows the clock-voltage law (<see cref="VoltageCurve.Default"/>).
    /// Sleep is half of idle (an estimate).
    /// </summary>
    /// <remarks>
    /// A part written as another at a changed <c>tdp_w</c>, its peaks unchanged (<see cref="Sc.AcceleratorSpec.ReferenceTdpW"/>),
    /// keeps the reference board's figures (idle, the compute units' full-clock power) with the new limit: below the
    /// reference a step that would draw more runs at the clock that fits (<see cref="PhasePowerModel.BoardClock"/>); above
    /// it the part neither draws more nor runs faster, since no clock above the measured one is known.
    /// </remarks>
    internal static IPowerModel PowerModel(Sc.AcceleratorSpec a, List<string> notes)
    {
        var power = PowerFigures(a);
        var pj = a.MemoryPjPerBit ?? AcceleratorPower.DefaultMemoryPicojoulesPerBit;
        notes.Add(Invariant(
            $"power: {a.Key} idle {power.IdleW:0} W{(a.IdleW is null ? " (0.107 x TDP, an estimate)" : "")}, compute up to {(a.ReferenceTdpW == a.TdpW ? "its" : "the reference board's")} {a.ReferenceTdpW:0} W board limit{(a.ReferenceTdpW == a.TdpW ? "" : " at full clock")}, memory {power.MemoryW:0} W at full bandwidth ({pj:0.##} pJ/bit{(a.MemoryPjPerBit is null ? ", the default" : "")}); clock-voltage floor {power.Voltage.FloorVoltage:0.##} V at {power.Voltage.FloorClock:0.##} clock"));
        if (BoardLimitClause(a) is { } clause)
        {
            notes.Add($"power: {clause}");
        }

        return PowerModels.Phase(power);
    }

    /// <summary>
    /// What the model does with a board limit a scenario changed (<c>{from: key, tdp_w: ...}</c>), for the run's notes and
    /// the deployments' derivations alike; null where the limit is the catalog's. Same peaks below the catalog's limit: the
    /// clock that fits (<see cref="PhasePowerModel.BoardClock"/>); above it: nothing moves; other peaks: another part.
    /// </summary>
    internal static string? BoardLimitClause(Sc.AcceleratorSpec a)
    {
        if (a.From is not { } start || a.FromTdpW is not { } startW || startW == a.TdpW)
        {
            return null;
        }

        var head = Invariant($"accelerator '{a.Key}' is {start} with tdp_w {a.TdpW:0.#} W where the catalog has {startW:0.#} W");
        if (a.ReferenceTdpW != startW)
        {
            return head + " and other peaks: its own peaks stand for its speed, and its power model reaches the new limit at full clock";
        }

        if (a.TdpW > startW)
        {
            return head + Invariant($": step times and power stay as at {startW:0.#} W, since the efficiencies hold the clocks they were measured at and no faster clock is known");
        }

        var power = PowerFigures(a);
        var memory = power.IdleW + power.MemoryW > a.TdpW
            ? Invariant($"; idle and full memory streaming alone draw {power.IdleW + power.MemoryW:0} W, over the limit, so memory-bound steps too are slowed until their average power fits (to no less than 0.05 of the clock)")
            : "";
        return head
               + Invariant($": the efficiencies hold the clocks of the {startW:0.#} W boards they were measured on, and a step whose average power there exceeds {a.TdpW:0.#} W runs at the clock that fits ")
               + Invariant($"(a wholly compute-bound step at {BoardClockOfCompute(power):0.###} of it; the power model's figures){memory}");
    }

    /// <summary>The power figures of one accelerator (<see cref="PowerModel"/>).</summary>
    internal static AcceleratorPower PowerFigures(Sc.AcceleratorSpec a)
    {
        var reference = a.ReferenceTdpW;
        var idle = a.IdleW ?? 0.107 * reference;
        var pj = a.MemoryPjPerBit ?? AcceleratorPower.DefaultMemoryPicojoulesPerBit;
        var power = AcceleratorPower.FromSpec(reference, Math.Min(idle, reference), a.HbmBytesPerSecond, pj);
        return reference == a.TdpW ? power : power with { TdpW = a.TdpW, ReferenceTdpW = reference };
    }

    /// <summary>The clock a wholly compute-bound step runs at under the board limit of <paramref name="power"/>.</summary>
    internal static double BoardClockOfCompute(AcceleratorPower power)
        => PowerModels.Phase(power).BoardClock(AcceleratorActivity.Busy(1, 0));

    /// <summary>
    /// A node's power besides its accelerators: the DGX estimates (<see cref="NodePower.DgxH100"/>,
    /// <see cref="NodePower.DgxA100"/> for A100s) per accelerator, fans scaled by board power;
    /// <c>host_power_w</c>, when given, replaces host and network.
    /// </summary>
    internal static NodePower HostPower(NodeSpec group, Sc.AcceleratorSpec a)
    {
        var dgx = a.Key.StartsWith("a100", StringComparison.Ordinal) ? NodePower.DgxA100 : NodePower.DgxH100;
        var dgxTdp = a.Key.StartsWith("a100", StringComparison.Ordinal) ? AcceleratorPower.A100Sxm80.TdpW : AcceleratorPower.H100Sxm.TdpW;
        var share = group.PerNode / 8.0;
        var fans = share * a.TdpW / dgxTdp;
        return group.HostPowerW is { } host
            ? new NodePower(host, 0, fans * dgx.FanMinW, fans * dgx.FanMaxW, share * dgx.SleepW)
            : new NodePower(share * dgx.HostW, share * dgx.NetworkW, fans * dgx.FanMinW, fans * dgx.FanMaxW, share * dgx.SleepW);
    }

    private static string HostNote(NodeSpec group, Sc.AcceleratorSpec a)
    {
        var p = HostPower(group, a);
        return group.HostPowerW is null
            ? Invariant($"power: node group '{group.Name}': host {p.HostW:0} W + network {p.NetworkW:0} W + fans {p.FanMinW:0}-{p.FanMaxW:0} W per node (DGX estimates scaled to {group.PerNode} accelerators; give host_power_w to override)")
            : Invariant($"power: node group '{group.Name}': host_power_w {p.HostW:0} W as host and network, plus fans {p.FanMinW:0}-{p.FanMaxW:0} W per node (DGX estimate)");
    }

    /// <summary>
    /// Replicas of each deployment in order on its node group's accelerators, filling each node
    /// before the next; a replica that does not fit the rest of a node continues on the next one.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<IReadOnlyList<GroupPiece>>> Place(
        Scenario scenario, Dictionary<string, List<int>> nodesOfGroup, List<NodeConfig> nodes)
    {
        var cursor = new Dictionary<string, (int Node, int Used)>();
        var placement = new Dictionary<string, IReadOnlyList<IReadOnlyList<GroupPiece>>>();
        foreach (var d in scenario.Deployments)
        {
            var group = scenario.NodeGroup(d.Nodes);
            var groupNodes = nodesOfGroup[group.Name];
            var (k, used) = cursor.GetValueOrDefault(group.Name);
            var replicas = new List<IReadOnlyList<GroupPiece>>();
            for (var i = 0; i < d.Replicas; i++)
            {
                var need = d.AcceleratorsPerReplica;
                var pieces = new List<GroupPiece>();
                while (need > 0)
                {
                    if (k >= groupNodes.Count)
                    {
                        throw new CompileProblem($"deployments.{d.Name}.replicas",
                            $"deployment '{d.Name}': node group '{group.Name}' ({group.Count} x {group.PerNode} accelerators) has no room left for replica {i + 1} of {d.Replicas} ({d.AcceleratorsPerReplica} accelerators each)");
                    }

                    var take = Math.Min(need, nodes[groupNodes[k]].Accelerators - used);
                    pieces.Add(new GroupPiece(groupNodes[k], take));
                    need -= take;
                    used += take;
                    if (used == nodes[groupNodes[k]].Accelerators)
                    {
                        k++;
                        used = 0;
                    }
                }

                replicas.Add(pieces);
            }

            cursor[group.Name] = (k, used);
            placement[d.Name] = replicas;
        }

        return placement;
    }

    private static OutsideTemperature Outside(TemperatureSpec spec) => spec switch
    {
        ConstantTemperature c => OutsideTemperature.Constant(c.Celsius),
        DailyTemperature d => OutsideTemperature.Daily(d.MeanC, d.AmplitudeC, d.PeakAtSeconds),
        TemperatureFile file => ReadTemperatureFile(file),
        _ => throw new NotSupportedException($"outside temperature {spec.GetType().Name} is not supported"),
    };

    /// <summary>A CSV of time (s) and °C: the first column is time, the named (or second) column temperature.</summary>
    private static OutsideTemperature ReadTemperatureFile(TemperatureFile file)
    {
        var times = new List<double>();
        var values = new List<double>();
        var column = 1;
        var line = 0;
        foreach (var raw in File.ReadLines(file.Path))
        {
            line++;
            var cells = raw.Split(',');
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            var inv = CultureInfo.InvariantCulture;
            if (!double.TryParse(cells[0], NumberStyles.Float, inv, out var t))
            {
                if (times.Count == 0 && line == 1)
                {
                    column = file.Column is null ? 1 : Array.FindIndex(cells, c => c.Trim() == file.Column);
                    continue; // the header
                }

                throw new ArgumentException($"{file.Path}:{line}:1: expected a time in seconds, got '{cells[0]}'");
            }

            if (column < 0 || column >= cells.Length || !double.TryParse(cells[column], NumberStyles.Float, inv, out var c))
            {
                throw new ArgumentException($"{file.Path}:{line}: expected a temperature in °C in column {column + 1}");
            }

            times.Add(t);
            values.Add(c);
        }

        return OutsideTemperature.Table(times, values);
    }

    /// <summary>
    /// Every replica must fit the caps on its own, at full compute-bound power and the lowest clock,
    /// with every other accelerator idle: otherwise work held back by a cap could wait for ever.
    /// Checked on a scratch facility.
    /// </summary>
    private static void CheckCapsFit(FacilitySetup setup)
    {
        FacilityModel scratch;
        try
        {
            scratch = new FacilityModel(new Simulation(0), setup.Options, setup.Racks, setup.Nodes);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"facility.power_cap: {ex.Message.Split(" (Parameter")[0]}; raise the cap", ex);
        }

        if (scratch.SiteCapW is null && Enumerable.Range(0, scratch.RackCount).All(r => scratch.RackCapW(r) is null))
        {
            return;
        }

        foreach (var (pool, replicas) in setup.Placement)
        {
            foreach (var pieces in replicas)
            {
                var g = scratch.AddGroup(pieces);
                if (!scratch.TrySetActivity(g, AcceleratorActivity.Busy(1)))
                {
                    throw new ArgumentException(Invariant(
                        $"deployment '{pool}': a replica cannot run within the power caps even at {setup.Options.MinClock:P0} clock with everything else idle (site cap {scratch.SiteCapW / 1e3:0.#} kW, idle IT power {scratch.SiteItW / 1e3:0.#} kW); raise facility.power_cap"));
                }

                scratch.TrySetActivity(g, AcceleratorActivity.Idle);
            }
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
