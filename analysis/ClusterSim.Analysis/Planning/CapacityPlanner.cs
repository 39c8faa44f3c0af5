using ClusterSim.Analysis.Costs;
using System.Globalization;
using ClusterSim.Analysis.Metrics;
using ClusterSim.Analysis.Statistics;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// Finds the cheapest configuration that meets every SLO at a target load: for each hardware
/// option, bisection on the node count instead of trying them all.
/// </summary>
/// <remarks>
/// <para>
/// The search assumes what makes it valid: with the same traffic (same seeds), more nodes never
/// make an SLO figure worse, so "meets every SLO" is false up to some node count and true from
/// there on. It first runs the largest count (if that fails, no count of the option can pass), then
/// halves the interval between the largest failing and the smallest passing count: about
/// 1 + log2(counts) configurations per option instead of all of them. Cost rises with nodes, so the
/// smallest passing count is the option's cheapest; the answer is the cheapest option's.
/// </para>
/// <para>
/// Mapping onto the scenario (all through <c>--set</c>, so every value is checked as in a file):
/// the target rate goes to <c>workloads[CLASS].arrival.rate</c> (<c>.mean</c> for a diurnal arrival);
/// the accelerator to <c>hardware.nodes[GROUP].accelerator</c>; the node count to
/// <c>hardware.nodes[GROUP].count</c>; and the one deployment on that group follows the nodes with
/// <c>replicas = floor(nodes x per_node / (tp x pp))</c>, its tp and pp kept from the scenario.
/// A configuration where not even one replica fits, or that the scenario checks reject (weights
/// that do not fit the accelerator), counts as failing without a run. So does an option whose largest
/// configuration is ruled out analytically: a target more than twice its compute-bound capacity
/// (<see cref="AnalyticCapacity"/>: a text class's from its tokens, a video or image class's from its denoising steps)
/// is not simulated at all.
/// </para>
/// <para>
/// An SLO is met when the mean over the replications meets it; the replications run the same seeds
/// for every configuration (common random numbers), which keeps the comparison between node counts
/// free of arrival noise.
/// </para>
/// </remarks>
public static class CapacityPlanner
{
    /// <summary>Plans; throws <see cref="SweepInputException"/> on bad input (located, with "did you mean").</summary>
    public static PlanResult Plan(PlanRequest request, IScenarioRunner? runner = null)
    {
        var (context, accelerators) = Prepare(request, runner ?? IScenarioRunner.Simulation);
        request = context.Request;
        var (scenario, workload, ratePath, group, deployment) = (context.Scenario, context.Class, context.RatePath, context.Group, context.Deployment);

        var options = new PlanOption[accelerators.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism > 0 ? request.Parallelism : Environment.ProcessorCount };
        Parallel.For(0, accelerators.Count, parallel, i => options[i] = Search(context, accelerators[i]));

        var best = Cheapest(request.Objective, options.Select(o => (o, o.Chosen)));
        var longest = Cheapest(request.Objective, options.Where(o => o.StepScales.Count > 0).Select(o => (o, o.StepScales[0].Chosen)));
        var bruteForce = options.Sum(o => (1 + o.StepScales.Count) * request.Nodes.Count * context.Replications);
        return new PlanResult(scenario.Name, workload, group.Name, deployment.Name, ratePath, request, context.Replications,
            RunCost.Basis(scenario), RunCost.Description, options, best, options.Sum(o => o.Runs), bruteForce)
        {
            LongestStepsBest = longest is { } l ? (l.Option, l.Option.StepScales[0]) : null,
            Kind = context.Kind,
        };
    }

    /// <summary>The option whose configuration minimises the objective, fewer accelerators breaking a tie; null when none has one.</summary>
    private static (PlanOption Option, PlanEvaluation Evaluation)? Cheapest(PlanObjective objective, IEnumerable<(PlanOption Option, PlanEvaluation? Chosen)> candidates)
    {
        (PlanOption, PlanEvaluation)? best = null;
        foreach (var (option, candidate) in candidates)
        {
            if (candidate is not { } chosen)
            {
                continue;
            }

            if (best is not { } b || Objective(objective, chosen) < Objective(objective, b.Item2)
                || (Objective(objective, chosen) == Objective(objective, b.Item2) && chosen.Accelerators < b.Item2.Accelerators))
            {
                best = (option, chosen);
            }
        }

        return best;
    }

    /// <summary>
    /// Every check <see cref="Plan"/> makes before its first run (the scenario, class, group,
    /// accelerators and their prices), without running: for a plan handed to a scheduler, so bad
    /// input is refused now rather than in a job hours later. Throws as <see cref="Plan"/> does.
    /// </summary>
    /// <returns>The scenario's name (it names the default output folder).</returns>
    public static string Check(PlanRequest request) => Prepare(request, IScenarioRunner.Simulation).Context.Scenario.Name;

    private static (Context Context, IReadOnlyList<string> Accelerators) Prepare(PlanRequest request, IScenarioRunner runner)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!(request.TargetRate > 0 && double.IsFinite(request.TargetRate)))
        {
            throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--target-rate {request.TargetRate}: expected a positive number of requests per second"));
        }

        if (request.Slos.Count == 0)
        {
            throw new SweepInputException("no SLO given; add at least one, e.g. --slo ttft_p99=1s --slo tpot_p99=50ms");
        }

        if (request.Nodes.Count == 0)
        {
            throw new SweepInputException("no node counts to search; give --vary nodes=1..64");
        }

        if (request.Replications is < 1)
        {
            throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--replications {request.Replications}: expected at least 1"));
        }

        if (request.StepError is { } error && !(error is > 0 and < 1))
        {
            throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--step-error {error}: expected a fraction strictly between 0 and 1, e.g. 0.1 for steps 10 % longer and shorter"));
        }

        if (request.StepError is not null && request.RecordError)
        {
            throw new SweepInputException("--step-error and --record-error both scale the steps: give one of them");
        }

        var scenario = Load(request.ScenarioPath, request.Sets);
        var workload = ScenarioRates.FindClass(scenario, request.Class, "--target-rate");
        var ratePath = ScenarioRates.RatePath(workload, "--target-rate");
        request = request with { Slos = SloConstraint.For(request.Slos, workload) };
        if (request.StepError is not null || request.RecordError)
        {
            // Both scale the steps (execution_model.step_scale): LLM, video and image pools take it, an avatar's do not.
            CapacitySearch.RefuseUnscaled(request.RecordError, workload);
        }

        if (workload is not TextWorkloadSpec)
        {
            // Only text makes output tokens to cost per million.
            if (request.Objective == PlanObjective.CostPerMillionTokens)
            {
                throw new SweepInputException($"--objective cost_per_mtok: class '{workload.Name}' is {Names.A(workload.Kind)} workload, which makes no output tokens; plan it on cost per hour");
            }
        }

        var group = FindGroup(scenario, request.Group);
        var deployment = FindDeployment(scenario, group);
        var accelerators = request.Accelerators.Count > 0 ? request.Accelerators : [group.Accelerator];
        CheckAccelerators(scenario, accelerators);

        var context = new Context(request, runner, scenario, workload.Name, workload.Kind, ratePath, group, deployment,
            request.Replications ?? Math.Max(1, scenario.Run.Replications));
        CheckPrices(context, accelerators);
        return (context, accelerators);
    }

    /// <summary>The figure minimised: cost per hour or per million tokens; +∞ when unknown.</summary>
    public static double Objective(PlanObjective objective, PlanEvaluation e)
    {
        var value = objective == PlanObjective.CostPerHour ? e.CostUsdPerHour ?? double.NaN : e.CostPerMillionTokens;
        return double.IsNaN(value) ? double.PositiveInfinity : value;
    }

    /// <summary>
    /// Evaluates one configuration: the overrides the mapping gives, then the runs. Public so that
    /// a brute-force check (and a curious user) can evaluate any point the search skipped.
    /// </summary>
    public static PlanEvaluation Evaluate(PlanResult plan, string accelerator, int nodes, IScenarioRunner? runner = null)
    {
        var scenario = Load(plan.Request.ScenarioPath, plan.Request.Sets);
        var context = new Context(plan.Request, runner ?? IScenarioRunner.Simulation, scenario, plan.Class,
            scenario.Workloads.First(w => w.Name == plan.Class).Kind, plan.RatePath, scenario.NodeGroup(plan.Group), scenario.Deployment(plan.Deployment), plan.Replications);
        return Evaluate(context, accelerator, nodes);
    }

    private static PlanOption Search(Context c, string accelerator)
    {
        var execution = Provenance(c, accelerator);
        var (explored, chosen) = SearchNodes(c, accelerator, 1, start: null);
        var option = new PlanOption(accelerator, explored, chosen) { Execution = execution };
        double[] scales;
        string? basis = null;
        if (c.Request.StepError is { } error)
        {
            scales = [1 + error, 1 - error];
        }
        else if (c.Request.RecordError)
        {
            try
            {
                // This part's own published misses for the planned deployment's kind, as its validation note gives them
                // (an LLM's from its compiled provenance; a video or image pool's from its kind's kernels on this part).
                (scales, basis) = c.Kind == Names.TextKind
                    ? CapacitySearch.RecordScales(execution is null ? [] : [execution])
                    : CapacitySearch.RecordScales([(c.Deployment.Name, CapacitySearch.KindValidation(c.Scenario, c.Deployment, accelerator))], latencies: true);
            }
            catch (SweepInputException ex)
            {
                return option with { StepScaleNote = string.Join("; ", ex.Errors) };
            }
        }
        else
        {
            return option;
        }

        // The scaled searches start from the unscaled answer, where the answer at a nearby scale lies.
        var nodes = c.Request.Nodes;
        var start = chosen is { } found ? IndexOf(nodes, found.Nodes) : nodes.Count - 1;
        var scaled = new List<PlanStepScale>();
        foreach (var scale in scales)
        {
            var sets = CapacitySearch.StepScaleSets(c.Request.ScenarioPath, c.Request.Sets, scale);
            var at = c with { Request = c.Request with { Sets = [.. c.Request.Sets, .. sets] } };
            var (e, best) = SearchNodes(at, accelerator, scale, start);
            scaled.Add(new PlanStepScale(scale, e, best));
        }

        return option with { StepScales = scaled, StepScaleBasis = basis };
    }

    private static int IndexOf(IReadOnlyList<int> nodes, int count)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] == count)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"node count {count} is not among those searched");
    }

    /// <summary>The plan's deployment on <paramref name="accelerator"/>, compiled (no run); null where it does not compile there.</summary>
    private static ExecutionProvenance? Provenance(Context c, string accelerator)
    {
        try
        {
            var scenario = Load(c.Request.ScenarioPath, [.. c.Request.Sets, $"hardware.nodes[{c.Group.Name}].accelerator={accelerator}"]);
            return ScenarioCompiler.Compile(scenario).Setup.Execution.FirstOrDefault(e => e.Deployment == c.Deployment.Name);
        }
        catch (Exception ex) when (ex is SweepInputException or ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The fewest nodes that meet every SLO. Without <paramref name="start"/>: the largest count first (if it fails, none
    /// can pass), then bisection. With it (a search at scaled steps, started where the unscaled answer lies): a gallop
    /// from there, down while counts pass and up while they fail, doubling the stride, then bisection between the last
    /// failing and the first passing count.
    /// </summary>
    private static (List<PlanEvaluation> Explored, PlanEvaluation? Chosen) SearchNodes(Context c, string accelerator, double scale, int? start)
    {
        var nodes = c.Request.Nodes;
        var explored = new List<PlanEvaluation>();
        PlanEvaluation At(int i)
        {
            var e = Evaluate(c, accelerator, nodes[i]);
            explored.Add(e);
            return e;
        }

        // A load far above what even the largest configuration could compute is infeasible without a run (a target of
        // 1e9 requests/s would otherwise simulate a cluster drowning in arrivals at every node count).
        var largest = nodes[^1];
        var replicas = (int)Math.Min(int.MaxValue, (long)largest * c.Group.PerNode / (c.Deployment.Tp * c.Deployment.Pp));
        var spec = c.Scenario.Hardware.Accelerators.FirstOrDefault(a => a.Key == accelerator) ?? Catalog.Default.FindAccelerator(accelerator);
        // Steps s times as long serve at most 1/s of the compute-bound rate: the text bound is scaled here, a kind's bound
        // comes from the scenario compiled with the scale already set.
        var bound = replicas <= 0 || spec is null ? null
            : c.Kind == Names.TextKind ? AnalyticCapacity.Bound(c.Scenario, c.Class, c.Deployment, spec, replicas)
            : KindBound(c, accelerator, largest, replicas);
        if (bound is { } b && scale != 1 && c.Kind == Names.TextKind)
        {
            bound = (b.RequestsPerSecond / scale, b.How + string.Create(CultureInfo.InvariantCulture, $", every step x {scale:G4}"));
        }

        if (AnalyticCapacity.Infeasible(c.Request.TargetRate, bound) is { } note)
        {
            var others = c.Scenario.Hardware.Nodes.Where(n => n.Name != c.Group.Name).Sum(n => n.TotalAccelerators);
            var ruledOut = new PlanEvaluation(largest, replicas, others + (long)largest * c.Group.PerNode, null, double.NaN, false,
                new Dictionary<string, double>(), [], note, 0);
            return ([ruledOut], null);
        }

        // Invariant: nodes[hi] meets every SLO; nodes[lo] does not (lo = -1: nothing below is known to fail).
        int lo, hi;
        PlanEvaluation chosen;
        if (start is not { } first)
        {
            var top = At(nodes.Count - 1);
            if (!top.Feasible)
            {
                return (explored, null);
            }

            (lo, hi, chosen) = (-1, nodes.Count - 1, top);
        }
        else
        {
            var e = At(first);
            if (e.Feasible)
            {
                (lo, hi, chosen) = (-1, first, e);
                for (var stride = 1; hi > 0; stride *= 2)
                {
                    var probe = Math.Max(hi - stride, 0);
                    var p = At(probe);
                    if (!p.Feasible)
                    {
                        lo = probe;
                        break;
                    }

                    (hi, chosen) = (probe, p);
                }
            }
            else
            {
                lo = first;
                PlanEvaluation? passing = null;
                for (var stride = 1; passing is null && lo < nodes.Count - 1; stride *= 2)
                {
                    var probe = Math.Min(lo + stride, nodes.Count - 1);
                    var p = At(probe);
                    if (p.Feasible)
                    {
                        passing = p;
                    }
                    else
                    {
                        lo = probe;
                    }
                }

                if (passing is null)
                {
                    return (explored, null);
                }

                (hi, chosen) = (IndexOf(nodes, passing.Nodes), passing);
            }
        }

        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            var e = At(mid);
            if (e.Feasible)
            {
                hi = mid;
                chosen = e;
            }
            else
            {
                lo = mid;
            }
        }

        return (explored, chosen);
    }

    /// <summary>A video or image class's bound at the largest configuration, as the planner resizes the scenario; null where it will not load.</summary>
    private static (double RequestsPerSecond, string How)? KindBound(Context c, string accelerator, int nodes, int replicas)
    {
        try
        {
            return AnalyticCapacity.KindBound(Load(c.Request.ScenarioPath, Overrides(c, accelerator, nodes, replicas)), c.Class);
        }
        catch (SweepInputException)
        {
            return null;   // the evaluation reports the rejection
        }
    }

    private static PlanEvaluation Evaluate(Context c, string accelerator, int nodes)
    {
        var perReplica = c.Deployment.Tp * c.Deployment.Pp;
        var replicas = (int)Math.Min(int.MaxValue, (long)nodes * c.Group.PerNode / perReplica);
        var others = c.Scenario.Hardware.Nodes.Where(n => n.Name != c.Group.Name).Sum(n => n.TotalAccelerators);
        var accelerators = others + (long)nodes * c.Group.PerNode;
        var empty = new Dictionary<string, double>();
        if (replicas == 0)
        {
            return new PlanEvaluation(nodes, 0, accelerators, null, double.NaN, false, empty, [],
                $"{nodes} x {c.Group.PerNode} accelerators hold no replica of tp x pp = {perReplica}", 0);
        }

        Scenario scenario;
        try
        {
            scenario = Load(c.Request.ScenarioPath, Overrides(c, accelerator, nodes, replicas));
        }
        catch (SweepInputException ex)
        {
            return new PlanEvaluation(nodes, replicas, accelerators, null, double.NaN, false, empty, [], "rejected: " + string.Join("; ", ex.Errors), 0);
        }

        var window = scenario.Run.DurationSeconds is { } d ? scenario.Run.WarmupSeconds + d : (double?)null;
        var runs = new List<double[][]>();
        var figures = new List<Dictionary<string, double>>();
        var metrics = c.Request.Slos.Select(s => s.Metric).Concat((c.Kind == Names.TextKind ? ReportedAlways : ReportedAlwaysOtherKinds).Select(m => m.Name)).Distinct().ToList();
        try
        {
            for (var r = 0; r < c.Replications; r++)
            {
                var result = c.Runner.Run(scenario, Replications.Seed((ulong)scenario.Run.Seed, r));
                var rows = SweepMetrics.Extract(result, window, RunCost.Of(result, scenario));
                var classRow = result.Classes.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.Name == c.Class, (null!, -1)).i;
                runs.Add(rows);
                figures.Add(ClassFigures.Read(metrics, result, c.Class, classRow >= 0 ? rows[classRow] : null));
            }
        }
        catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException or IOException or TraceFormatException)
        {
            return new PlanEvaluation(nodes, replicas, accelerators, null, double.NaN, false, empty, [], "failed: " + ex.Message, runs.Count);
        }

        double Mean(int row, string metric) => runs.Average(v => v[row][SweepMetrics.IndexOf(metric)]);
        var overall = runs[0].Length - 1;
        var values = metrics.ToDictionary(m => m, m => figures.Average(f => f[m]));

        var violations = c.Request.Slos
            .Where(s => !s.IsMetBy(values[s.Metric]))
            .Select(s => s.Violation(values[s.Metric]))
            .ToList();
        // Each run's own cost (summary.json's), averaged over the replications like every other figure.
        var cost = Mean(overall, MetricRegistry.CostPerHour.Name);
        var perMillion = Mean(overall, MetricRegistry.CostPerMillionTokens.Name);
        return new PlanEvaluation(nodes, replicas, accelerators, double.IsFinite(cost) ? cost : null, perMillion, violations.Count == 0, values, violations, null, runs.Count);
    }

    /// <summary>Figures every evaluated option of a text class reports besides its objectives.</summary>
    private static readonly MetricColumn[] ReportedAlways =
        [MetricRegistry.Ttft.Column(LatencyStat.P99), MetricRegistry.Tpot.Column(LatencyStat.P99), MetricRegistry.Throughput.Column()];

    /// <summary>Figures every evaluated option of another kind's class reports besides its objectives: its rate served.</summary>
    private static readonly MetricColumn[] ReportedAlwaysOtherKinds = [MetricRegistry.Throughput.Column()];

    private static List<string> Overrides(Context c, string accelerator, int nodes, int replicas)
    {
        return
        [
            .. c.Request.Sets,
            ScenarioRates.Set(c.RatePath, c.Request.TargetRate),
            $"hardware.nodes[{c.Group.Name}].accelerator={accelerator}",
            string.Create(CultureInfo.InvariantCulture, $"hardware.nodes[{c.Group.Name}].count={nodes}"),
            string.Create(CultureInfo.InvariantCulture, $"deployments[{c.Deployment.Name}].replicas={replicas}"),
        ];
    }

    private static Scenario Load(string? path, IReadOnlyList<string> sets) => ScenarioRates.Load(path, sets);

    private static NodeSpec FindGroup(Scenario scenario, string? name)
    {
        var groups = scenario.Hardware.Nodes;
        if (name is not null)
        {
            return groups.FirstOrDefault(g => g.Name == name)
                   ?? throw new SweepInputException($"--group {name}: no node group '{name}'; the scenario has {string.Join(", ", groups.Select(g => g.Name))}{Names.Hint(name, groups.Select(g => g.Name))}");
        }

        return groups.Count == 1
            ? groups[0]
            : throw new SweepInputException($"the scenario has {groups.Count} node groups ({string.Join(", ", groups.Select(g => g.Name))}); name the one to resize with --group");
    }

    private static DeploymentSpec FindDeployment(Scenario scenario, NodeSpec group)
    {
        var on = scenario.Deployments.Where(d => d.Nodes == group.Name).ToList();
        return on.Count switch
        {
            1 => on[0],
            0 => throw new SweepInputException($"no deployment runs on node group '{group.Name}'; nothing would use the nodes"),
            _ => throw new SweepInputException($"node group '{group.Name}' holds {on.Count} deployments ({string.Join(", ", on.Select(d => d.Name))}); the planner resizes a group with one deployment, whose replicas follow the node count"),
        };
    }

    private static void CheckAccelerators(Scenario scenario, IReadOnlyList<string> accelerators)
    {
        var known = scenario.Hardware.Accelerators.Select(a => a.Key).Concat(Catalog.Default.Accelerators.Select(a => a.Key)).Distinct().ToList();
        var errors = accelerators.Where(a => !known.Contains(a))
            .Select(a => $"--vary accelerator: unknown accelerator '{a}'{Names.Hint(a, known)} (see 'clustersim catalog')")
            .ToList();
        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }
    }

    /// <summary>
    /// Every option must be priced, or the comparison means nothing: checked on the largest
    /// configuration before any run (an option the scenario rejects outright is left to the search,
    /// which reports it as failing).
    /// </summary>
    private static void CheckPrices(Context c, IReadOnlyList<string> accelerators)
    {
        var errors = new List<string>();
        var nodes = c.Request.Nodes[^1];
        var replicas = (int)Math.Min(int.MaxValue, (long)nodes * c.Group.PerNode / (c.Deployment.Tp * c.Deployment.Pp));
        foreach (var a in accelerators)
        {
            Scenario scenario;
            try
            {
                scenario = Load(c.Request.ScenarioPath, Overrides(c, a, nodes, Math.Max(1, replicas)));
            }
            catch (SweepInputException)
            {
                continue;
            }

            if (RunCost.Unpriced(scenario) is { } problem)
            {
                errors.Add($"--vary accelerator: '{a}' cannot be priced: {problem}");
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }
    }

    private sealed record Context(
        PlanRequest Request,
        IScenarioRunner Runner,
        Scenario Scenario,
        string Class,
        string Kind,
        string RatePath,
        NodeSpec Group,
        DeploymentSpec Deployment,
        int Replications);
}
