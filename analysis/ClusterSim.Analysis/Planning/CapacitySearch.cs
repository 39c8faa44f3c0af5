using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ClusterSim.Analysis.Statistics;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// Capacity at an SLO: the highest arrival rate of one text class at which every SLO holds, with a
/// confidence interval, and the operating point there (<see cref="OperatingPoint"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Premise.</b> With the same seeds, a higher rate never makes an SLO figure better: "meets every
/// SLO" holds up to some rate and fails above it. The replications run the same seeds at every rate
/// (common random numbers: a Poisson stream at a higher rate is the same gaps, shorter, with the
/// same request sizes), which keeps the figures of two rates comparable and the premise close to
/// exact for each seed.
/// </para>
/// <para>
/// <b>Bracket, then bisect</b> (<see cref="Bisect"/>). The search starts at <c>--lo</c>, or else at
/// the class's own rate in the scenario (kept under <c>--hi</c>). If the start meets the SLOs the rate
/// doubles until one fails or the ceiling is reached (<c>--hi</c>, or 2^20 x the start); a ceiling
/// that still passes is reported as "at least" it. If the start fails the rate halves until one
/// passes or the floor is reached (<c>--lo</c>, or the start / 2^20); a floor that still fails is
/// reported as "none". Between the highest passing and the lowest failing rate, bisection at the
/// midpoint continues until the failing rate is within <c>--tolerance</c> (relative) of the passing
/// one. The capacity is the passing end: a rate that was run and met every SLO, never an
/// interpolation. About log2(range) + log2(1 / tolerance) rates, each run once per replication.
/// </para>
/// <para>
/// <b>Meets</b> means the mean over the replications of each SLO figure meets its target, as the
/// planner judges (<see cref="CapacityPlanner"/>); each rate reports, per SLO figure and per
/// operating-point figure, the Student-t interval over the replications.
/// </para>
/// <para>
/// <b>Interval of the capacity.</b> Each replication's seed is also searched on its own, by the same
/// bracket and bisection on its own figures, giving one capacity per seed; these are independent and
/// identically distributed, so the Student-t interval over them covers the expected capacity a run of
/// this length finds, at the requested level. The per-seed searches start from the same rates as the
/// search on the means and share its runs wherever they ask for the same rate and seed (each run is
/// done once), so they add runs only where a seed's verdict differs from the mean's. With one
/// replication, or when some seed's own search ends at the floor or the ceiling, there is no interval
/// and the bracket alone says how well the capacity is known.
/// </para>
/// <para>
/// <b>Determinism.</b> A run depends only on the rate and the seed, every rate is written through
/// <c>--set</c> in round-trip form, and the search's decisions depend only on the runs' figures: the
/// same request gives the same answer whatever the parallelism and the order the runs finish in.
/// </para>
/// </remarks>
public static class CapacitySearch
{
    /// <summary>The option name messages use for the searched rate.</summary>
    private const string RateOption = "the capacity search";

    /// <summary>Searches; throws <see cref="SweepInputException"/> on bad input (located, with "did you mean").</summary>
    public static CapacityResult Find(CapacityRequest request, IScenarioRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request);
        runner ??= IScenarioRunner.Simulation;
        if (request.StepError is not null || request.RecordError)
        {
            // Both scale the steps (execution_model.step_scale): LLM, video and image pools take it, an avatar's do not.
            var cls = ScenarioRates.FindClass(ScenarioRates.Load(request.ScenarioPath, request.Sets), request.Class, RateOption);
            RefuseUnscaled(request.RecordError, cls);
        }

        string? basis = null;
        double[]? scales = null;
        if (request.StepError is { } error)
        {
            scales = [1 + error, 1 - error];
        }
        else if (request.RecordError)
        {
            // Read before any run (a compile, no simulation), so a scenario the record cannot speak for is refused at once.
            var scenario = ScenarioRates.Load(request.ScenarioPath, request.Sets);
            var cls = ScenarioRates.FindClass(scenario, request.Class, RateOption);
            (scales, basis) = cls is TextWorkloadSpec
                ? RecordScales(ClusterSim.Model.Setup.ScenarioCompiler.Compile(scenario).Setup.Execution)
                : RecordScales([.. Serving(scenario, cls).Select(d => (d.Name, KindValidation(scenario, d, null)))], latencies: true);
        }

        var result = Search(request, runner, startHint: null);
        if (scales is null)
        {
            return result;
        }

        // The model's own error carried into the answer: the same search with every LLM step longer, then shorter.
        // Each starts where time dilation puts it (capacity / scale: every time s times as long serves 1/s of the rate),
        // so its bracket is short; the SLO targets do not stretch, so the answer is not simply that.
        var sensitivity = new List<StepSensitivity>();
        foreach (var scale in scales)
        {
            var scaled = request with { Sets = [.. request.Sets, .. StepScaleSets(request, scale)], StepError = null, RecordError = false };
            var hint = result.Capacity is { } capacity ? capacity / scale : (double?)null;
            sensitivity.Add(new StepSensitivity(scale, Search(scaled, runner, hint)));
        }

        return result with { Sensitivity = sensitivity, RecordErrorBasis = basis };
    }

    /// <summary>
    /// The step scales the validation record gives the deployments (<see cref="CapacityRequest.RecordError"/>): for each,
    /// the first group its note names (its own, or the nearest where its own was never checked), that group's
    /// capacities at an SLO where any was checked, else its throughputs; a capacity or throughput the model read e too
    /// high is what steps 1 + e times as long would give, so the largest error gives the longest steps. Over several
    /// deployments, the widest: the largest and the smallest of them all. Longer first, as --step-error orders them.
    /// </summary>
    internal static (double[] Scales, string Basis) RecordScales(IReadOnlyList<ExecutionProvenance> execution)
        => RecordScales([.. execution.Select(e => (e.Deployment, e.Validation))], latencies: false);

    /// <summary>
    /// <see cref="RecordScales(IReadOnlyList{ExecutionProvenance})"/> over each deployment's groups of checks. With
    /// <paramref name="latencies"/> (a video or image pool, whose checks are its times to video), where a group checked no
    /// capacity nor throughput, its latencies: a time the model read e short is what steps 1 / (1 + e) as long would give,
    /// so the most negative error gives the longest steps. An LLM's latencies hold queueing as well as steps, so not its.
    /// </summary>
    internal static (double[] Scales, string Basis) RecordScales(IReadOnlyList<(string Deployment, IReadOnlyList<ValidationMatch> Validation)> deployments, bool latencies)
    {
        var used = new List<(string Deployment, ValidationMatch Group, ValidationFamily Family, double Longest, double Shortest)>();
        foreach (var (deployment, validation) in deployments)
        {
            if (validation.Count == 0)
            {
                continue;
            }

            var group = validation[0];
            if ((group.Families.FirstOrDefault(f => f.Name == ValidationRecord.Capacity)
                 ?? group.Families.FirstOrDefault(f => f.Name == ValidationRecord.Throughput)) is { } rate)
            {
                used.Add((deployment, group, rate, 1 + rate.MaxError, 1 + rate.MinError));
            }
            else if (latencies && group.Families.FirstOrDefault(f => f.Name == ValidationRecord.Latency) is { } latency)
            {
                used.Add((deployment, group, latency, 1 / (1 + latency.MinError), 1 / (1 + latency.MaxError)));
            }
        }

        if (used.Count == 0)
        {
            throw new SweepInputException(
                $"--record-error: the validation record ({ValidationRecord.Path}) holds no checked capacity{(latencies ? ", throughput or latency" : " or throughput")} of the kind of {(deployments.Count == 0 ? "this scenario's deployments" : "deployment " + string.Join(", ", deployments.Select(e => $"'{e.Deployment}'")))}; give --step-error with your own estimate of the model's error instead");
        }

        var longest = used.Max(u => u.Longest);
        var shortest = used.Min(u => u.Shortest);
        static string Percent(double fraction) => (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";
        static string Reading(ValidationFamily f) => f.Name == ValidationRecord.Latency ? " (a time read e short: steps 1 / (1 + e) as long)" : "";
        var basis = string.Join("; ", used.Select(u => u.Family.Figures == 1
            ? $"deployment '{u.Deployment}': {u.Group.Describe()}, {u.Family.Name} error {Percent(u.Family.MinError)} (1 figure){Reading(u.Family)}"
            : $"deployment '{u.Deployment}': {u.Group.Describe()}, {u.Family.Name} errors from {Percent(u.Family.MinError)} to {Percent(u.Family.MaxError)} ({u.Family.Figures} figures){Reading(u.Family)}"));
        return (longest == shortest ? [longest] : [longest, shortest], basis);
    }

    /// <summary>The deployments that may serve <paramref name="workload"/>: those it names, or every deployment of its model.</summary>
    internal static IEnumerable<DeploymentSpec> Serving(Scenario scenario, WorkloadSpec workload)
        => scenario.Deployments.Where(d => workload.Deployments.Count > 0 ? workload.Deployments.Contains(d.Name) : d.Model == workload.Model);

    /// <summary>
    /// The groups of checks of a video, image or avatar deployment (its kind's own kernels on its part, or the nearest), as
    /// the compiler's note on it reads them; on <paramref name="accelerator"/> where given (a planned option), else its own.
    /// </summary>
    internal static IReadOnlyList<ValidationMatch> KindValidation(Scenario scenario, DeploymentSpec d, string? accelerator)
    {
        var model = scenario.Model(d.Model);
        return ValidationRecord.Default.Match(accelerator ?? scenario.NodeGroup(d.Nodes).Accelerator,
            ValidationRecord.GroupStack(model, ""), ValidationRecord.Architecture(model));
    }

    /// <summary>Refuses --step-error or --record-error on a class whose pools <c>execution_model.step_scale</c> does not reach (avatar).</summary>
    internal static void RefuseUnscaled(bool record, WorkloadSpec workload)
    {
        if (workload is AvatarWorkloadSpec)
        {
            throw new SweepInputException($"{(record ? "--record-error" : "--step-error")}: scales the steps of LLM, video and image deployments; class '{workload.Name}' is {Names.A(workload.Kind)} workload, whose times it does not reach");
        }
    }

    /// <summary>
    /// The <c>--set</c>s that scale every deployment's steps by <paramref name="scale"/>: the scenario's execution model,
    /// and each deployment that names its own (found by loading: whichever deployment the first does not reach).
    /// </summary>
    internal static IReadOnlyList<string> StepScaleSets(CapacityRequest request, double scale)
        => StepScaleSets(request.ScenarioPath, request.Sets, scale);

    /// <summary>The <c>--set</c>s that scale every deployment's steps of the scenario at <paramref name="path"/> with <paramref name="given"/> applied.</summary>
    internal static IReadOnlyList<string> StepScaleSets(string? path, IReadOnlyList<string> given, double scale)
    {
        var parameter = ClusterSim.Model.Setup.ScenarioCompiler.StepScaleParameter;
        var value = scale.ToString("R", CultureInfo.InvariantCulture);
        var sets = new List<string> { $"execution_model.{parameter}={value}" };
        var scenario = ScenarioRates.Load(path, [.. given, .. sets]);
        foreach (var d in scenario.Deployments.Where(d => d.ExecutionModel.GetDouble(parameter, 1) != scale))
        {
            sets.Add($"deployments[{d.Name}].execution_model.{parameter}={value}");
        }

        var check = ScenarioRates.Load(path, [.. given, .. sets]);
        if (check.Deployments.FirstOrDefault(d => d.ExecutionModel.GetDouble(parameter, 1) != scale) is { } missed)
        {
            throw new SweepInputException($"--step-error: could not scale the steps of deployment '{missed.Name}' through execution_model.{parameter}");
        }

        return sets;
    }

    private static CapacityResult Search(CapacityRequest request, IScenarioRunner runner, double? startHint)
    {
        var scenario = ScenarioRates.Load(request.ScenarioPath, request.Sets);
        var workload = ScenarioRates.FindClass(scenario, request.Class, RateOption);
        var ratePath = ScenarioRates.RatePath(workload, RateOption);
        request = request with { Slos = SloConstraint.For(request.Slos, workload) };
        var own = workload.Arrival.MeanRate ?? throw new SweepInputException($"class '{workload.Name}' has no mean rate to start from; give --lo");
        var start = request.Low ?? Math.Min(own, request.High ?? double.PositiveInfinity);
        if (startHint is { } hint && request.Low is null)
        {
            // A scaled search starts near its answer; its floor and ceiling reach at least as far as the unscaled search's.
            start = Math.Min(hint, request.High ?? double.PositiveInfinity);
        }

        var scale = Math.Pow(2, CapacityRequest.MaxDoublings);
        var floor = request.Low ?? (startHint is null ? start : Math.Min(start, own)) / scale;
        var ceiling = request.High ?? (startHint is null ? start : Math.Max(start, own)) * scale;

        var runs = new Runs(request, runner, workload.Name, ratePath,
            request.Replications ?? Math.Max(3, scenario.Run.Replications), request.Seed ?? (ulong)scenario.Run.Seed);
        var probes = new List<CapacityProbe>();
        var bracket = Bisect(rate =>
        {
            var probe = runs.Probe(rate);
            probes.Add(probe);
            return probe.Meets;
        }, start, floor, ceiling, request.Tolerance);

        var perReplication = new ReplicationCapacity[runs.Replications];
        runs.ForEachReplication(r => perReplication[r] = new ReplicationCapacity(r, runs.Seed(r),
            Bisect(rate => runs.Meets(runs.Get(rate, r)), start, floor, ceiling, request.Tolerance)));

        var interval = perReplication.All(p => p.Bracket.Outcome == CapacityOutcome.Found)
            ? Replications.Interval(perReplication.Select(p => p.Bracket.Passing!.Value).ToArray(), request.Confidence)
            : new ConfidenceInterval(double.NaN, double.NaN, perReplication.Length, request.Confidence);
        return new CapacityResult(scenario.Name, workload.Name, ratePath, request, runs.Replications, runs.Seed(0),
            start, floor, ceiling, bracket, interval, perReplication, probes, runs.Count, runs.WallSeconds)
        {
            Kind = workload.Kind,
            // What the answer's kind of deployment was checked against (a compile, no run): the planner's caveat beside the number.
            // Only a text class is served by LLM deployments; another kind's capacity is not read against their checks.
            Execution = workload is TextWorkloadSpec ? ClusterSim.Model.Setup.ScenarioCompiler.Compile(scenario).Setup.Execution : [],
        };
    }

    /// <summary>
    /// Brackets and bisects the rate at which <paramref name="meets"/> turns false, assuming it is
    /// true below some rate and false above: doubling up from <paramref name="start"/> to
    /// <paramref name="ceiling"/> while it holds, halving down to <paramref name="floor"/> while it
    /// does not, then halving the bracket until the failing end is within
    /// <paramref name="tolerance"/> x the passing end. Every rate it asks about is a product of
    /// <paramref name="start"/> (or an end) by powers of two and midpoints, so two searches from the
    /// same start ask about the same rates as long as their verdicts agree.
    /// </summary>
    public static RateBracket Bisect(Func<double, bool> meets, double start, double floor, double ceiling, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(meets);
        if (!(floor > 0 && floor <= start && start <= ceiling && double.IsFinite(ceiling) && tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "expected 0 < floor <= start <= ceiling < infinity and a positive tolerance");
        }

        double passing, failing;
        if (meets(start))
        {
            passing = start;
            while (true)
            {
                if (passing >= ceiling)
                {
                    return new RateBracket(CapacityOutcome.AtLeast, passing, null);
                }

                var next = Math.Min(passing * 2, ceiling);
                if (!meets(next))
                {
                    failing = next;
                    break;
                }

                passing = next;
            }
        }
        else
        {
            failing = start;
            while (true)
            {
                if (failing <= floor)
                {
                    return new RateBracket(CapacityOutcome.None, null, failing);
                }

                var next = Math.Max(failing / 2, floor);
                if (meets(next))
                {
                    passing = next;
                    break;
                }

                failing = next;
            }
        }

        while (failing - passing > tolerance * passing)
        {
            var mid = passing + ((failing - passing) / 2);
            if (meets(mid))
            {
                passing = mid;
            }
            else
            {
                failing = mid;
            }
        }

        return new RateBracket(CapacityOutcome.Found, passing, failing);
    }

    private static void Check(CapacityRequest r)
    {
        var errors = new List<string>();
        void Require(bool ok, FormattableString message)
        {
            if (!ok)
            {
                errors.Add(message.ToString(CultureInfo.InvariantCulture));
            }
        }

        Require(r.Slos.Count > 0, $"no SLO given; add at least one, e.g. --slo ttft_p99=2s --slo tpot_p99=200ms");
        Require(r.Replications is null or >= 1, $"--replications {r.Replications}: expected at least 1");
        Require(r.Confidence is > 0 and < 1, $"--confidence {r.Confidence}: expected a level strictly between 0 and 1, e.g. 0.95");
        Require(r.Tolerance is > 0 and < 1, $"--tolerance {r.Tolerance}: expected a relative width strictly between 0 and 1, e.g. 0.02");
        Require(r.Low is null || (r.Low > 0 && double.IsFinite(r.Low.Value)), $"--lo {r.Low}: expected a positive number of requests per second");
        Require(r.High is null || (r.High > 0 && double.IsFinite(r.High.Value)), $"--hi {r.High}: expected a positive number of requests per second");
        Require(r.Low is not { } lo || r.High is not { } hi || hi > lo, $"--hi {r.High} is not above --lo {r.Low}");
        Require(r.Parallelism >= 0, $"--parallel {r.Parallelism}: expected 1 or more (0 or nothing: one per core)");
        Require(r.StepError is null or (> 0 and < 1), $"--step-error {r.StepError}: expected a fraction strictly between 0 and 1, e.g. 0.1 for steps 10 % longer and shorter");
        Require(r.StepError is null || !r.RecordError, $"--step-error and --record-error both scale the steps: give one of them");
        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }
    }

    /// <summary>One replication at one rate: the class's SLO figures (<see cref="ClassFigures"/>) and the operating point, or why there are none.</summary>
    private sealed record Run(IReadOnlyDictionary<string, double> Figures, OperatingPoint.Measurement? Point, double WallSeconds, bool Ran, string? Note);

    /// <summary>Every run of a search, each done once, whichever search (means or one seed) asks first.</summary>
    private sealed class Runs(CapacityRequest request, IScenarioRunner runner, string cls, string ratePath, int replications, ulong baseSeed)
    {
        private readonly ConcurrentDictionary<double, Lazy<(Scenario? Scenario, string? Rejected)>> _scenarios = new();
        private readonly ConcurrentDictionary<(double Rate, int Replication), Lazy<Run>> _runs = new();
        private readonly string[] _metrics = request.Slos.Select(s => s.Metric).Distinct().ToArray();

        public int Replications => replications;

        public int Count => _runs.Values.Count(v => v.Value.Ran);

        public double WallSeconds => _runs.Values.Sum(v => v.Value.WallSeconds);

        public ulong Seed(int replication) => Statistics.Replications.Seed(baseSeed, replication);

        public bool Meets(Run run) => request.Slos.All(s => s.IsMetBy(run.Figures[s.Metric]));

        public Run Get(double rate, int replication) => _runs.GetOrAdd((rate, replication), key => new Lazy<Run>(() => Execute(key.Rate, key.Replication))).Value;

        /// <summary>Every replication at <paramref name="rate"/> (in parallel), judged on the means.</summary>
        public CapacityProbe Probe(double rate)
        {
            var runs = new Run[replications];
            ForEachReplication(r => runs[r] = Get(rate, r));
            var figures = new Dictionary<string, ConfidenceInterval>();
            foreach (var metric in _metrics)
            {
                figures[metric] = Statistics.Replications.Interval(runs.Select(x => x.Figures[metric]).ToArray(), request.Confidence);
            }

            for (var i = 0; i < OperatingPoint.Names.Count; i++)
            {
                figures.TryAdd(OperatingPoint.Names[i], Statistics.Replications.Interval(runs.Select(x => x.Point?.Values[i] ?? double.NaN).ToArray(), request.Confidence));
            }

            var violations = request.Slos.Where(s => !s.IsMetBy(figures[s.Metric].Mean)).Select(s => s.Violation(figures[s.Metric].Mean)).ToList();
            var note = runs.Select(x => x.Note).FirstOrDefault(n => n is not null);
            return new CapacityProbe(rate, violations.Count == 0, figures, violations, runs.All(x => x.Point?.RunningFromSeries == true), note, MeanShares(runs));
        }

        /// <summary>Each busy part's share, the mean over the replications that have them; null when none does.</summary>
        private static List<(string Name, double Share)>? MeanShares(Run[] runs)
        {
            var shares = runs.Select(r => r.Point?.BusyShares).OfType<IReadOnlyList<(string Name, double Share)>>().ToList();
            return shares.Count == 0 ? null : shares[0].Select((p, i) => (p.Name, shares.Average(s => s[i].Share))).ToList();
        }

        /// <summary>
        /// Runs <paramref name="body"/> for every replication, at most <see cref="CapacityRequest.Parallelism"/>
        /// at once; an exception comes out as itself, not wrapped.
        /// </summary>
        public void ForEachReplication(Action<int> body)
        {
            var options = new ParallelOptions
            {
                MaxDegreeOfParallelism = request.Parallelism > 0 ? request.Parallelism : Environment.ProcessorCount,
                CancellationToken = request.Cancellation,
            };
            try
            {
                Parallel.For(0, replications, options, body);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }
        }

        private Run Execute(double rate, int replication)
        {
            var failed = _metrics.ToDictionary(m => m, _ => double.NaN);
            var (atRate, rejected) = _scenarios.GetOrAdd(rate, r => new Lazy<(Scenario?, string?)>(() => Load(r))).Value;
            if (atRate is null)
            {
                return new Run(failed, null, 0, false, rejected);
            }

            var window = atRate.Run.DurationSeconds is { } d ? atRate.Run.WarmupSeconds + d : (double?)null;
            try
            {
                var result = runner.Run(atRate, Seed(replication), request.Cancellation);
                var row = result.Classes.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Name == cls, (null!, -1)).i;
                var textRow = row >= 0 ? SweepMetrics.Extract(result, window, null)[row] : null;
                return new Run(ClassFigures.Read(_metrics, result, cls, textRow), OperatingPoint.Measure(result, cls), result.WallSeconds, true, null);
            }
            catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException or IOException or TraceFormatException)
            {
                return new Run(failed, null, 0, true, string.Create(CultureInfo.InvariantCulture, $"failed at {rate:G6} requests/s, seed {Seed(replication)}: {ex.Message}"));
            }
        }

        private (Scenario?, string?) Load(double rate)
        {
            try
            {
                return (ScenarioRates.Load(request.ScenarioPath, [.. request.Sets, ScenarioRates.Set(ratePath, rate)]), null);
            }
            catch (SweepInputException ex)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"rejected at {rate:G6} requests/s: {string.Join("; ", ex.Errors)}"));
            }
        }
    }
}
