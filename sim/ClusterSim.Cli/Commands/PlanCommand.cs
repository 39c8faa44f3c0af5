using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Jobs;
using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim plan [FILE] --target-rate R --slo ttft_p99=1s ... --vary accelerator=h100-sxm,h200-sxm --vary nodes=1..64 [--step-error 0.1 | --record-error]</c>:
/// the cheapest configuration meeting every SLO at the target load, by bisection on the node count
/// of each hardware option; prints the configurations explored and writes plan.json. With
/// <c>--slurm</c> it becomes one Slurm job (not an array: see the README's "Beyond one machine").
/// </summary>
internal static class PlanCommand
{
    /// <summary><c>--slo NAME=VALUE</c>, repeatable and required: the objectives plan and capacity share (parsed by <see cref="SloConstraint.Parse"/>).</summary>
    public static Option<string[]> CreateSlo() => new("--slo")
    {
        Description = "An objective on the class: on text ttft|tbt|tpot|e2e with _mean|_p50|_p90|_p99|_p999 = a duration (1s, 50ms); on another kind a latency its summary.json section writes (time_to_video_p95=15m, latency_p99=8s, frame_latency_p99=40ms, queue_p95=1m); on any class attainment=0.99 (share meeting the scenario's own SLOs) or dropped=0.01 (share of arrivals that may be turned away; 0 unless given). Repeatable; all must hold.",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        Required = true,
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var rate = new Option<double>("--target-rate") { Description = "Arrival rate of the class to plan for, requests per second.", Required = true };
        var slo = CreateSlo();
        var vary = new Option<string[]>("--vary")
        {
            Description = "accelerator=KEY,KEY,... (catalog keys; default: the group's own) and nodes=A..B or nodes=1,2,4 (default 1..64).",
            HelpName = "NAME=VALUES",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var cls = new Option<string?>("--class") { Description = "The class the target rate and SLOs apply to, of any kind (default: the only text class, or the only class)." };
        var group = new Option<string?>("--group") { Description = "The node group to resize (needed when the scenario has several)." };
        var objective = new Option<string>("--objective") { Description = "What to minimise: hour (USD per hour) or mtok (USD per million output tokens).", DefaultValueFactory = _ => "hour" };
        var replications = new Option<int?>("--replications") { Description = "Runs per configuration (default: run.replications of the scenario); the SLOs apply to the mean." };
        var parallel = new Option<int>("--parallel") { Description = "Hardware options searched at once (default: one per core)." };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/plan)." };
        var stepError = new Option<double?>("--step-error") { Description = "Carry the execution model's own error into the answer: search each option again with every step (LLM, video or image) this fraction longer and shorter (0.1: x 1.1 and x 0.9) and report the node counts." };
        var recordError = new Option<bool>("--record-error") { Description = "Carry each part's published misses into the answer: search each option again with every step (LLM, video or image) as much longer and shorter as the largest and smallest capacity (else throughput, else for video latency) error the validation record holds for the deployment's kind on that part, and report the node counts and the cheapest at the longest steps." };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("plan", "Find the cheapest cluster that meets the SLOs at a target load");
        command.Arguments.Add(file);
        command.Options.Add(rate);
        command.Options.Add(slo);
        command.Options.Add(vary);
        command.Options.Add(cls);
        command.Options.Add(group);
        command.Options.Add(objective);
        command.Options.Add(replications);
        command.Options.Add(parallel);
        command.Options.Add(set);
        command.Options.Add(outDir);
        command.Options.Add(stepError);
        command.Options.Add(recordError);
        var jobs = new JobOptions(sharded: false);
        jobs.AddTo(command);
        command.SetAction(parsed =>
        {
            try
            {
                var goal = parsed.GetValue(objective)?.Trim().ToLowerInvariant() switch
                {
                    "hour" or "cost_per_hour" => PlanObjective.CostPerHour,
                    "mtok" or "cost_per_mtok" => PlanObjective.CostPerMillionTokens,
                    var other => throw new SweepInputException($"--objective {other}: expected hour (USD per hour) or mtok (USD per million output tokens)"),
                };
                CliErrors.CheckParallel(parsed.GetValue(parallel));
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                var request = new PlanRequest
                {
                    ScenarioPath = parsed.GetValue(file),
                    Sets = parsed.GetValue(set) ?? [],
                    TargetRate = parsed.GetValue(rate),
                    Slos = (parsed.GetValue(slo) ?? []).Select(SloConstraint.Parse).ToList(),
                    Class = parsed.GetValue(cls),
                    Group = parsed.GetValue(group),
                    Objective = goal,
                    Replications = parsed.GetValue(replications),
                    Parallelism = parsed.GetValue(parallel),
                    StepError = parsed.GetValue(stepError),
                    RecordError = parsed.GetValue(recordError),
                }.WithVary(parsed.GetValue(vary) ?? []);

                if (jobs.Requested(parsed, shard: null))
                {
                    // Everything the planner checks before its first run is checked here, so a job is only written for a plan that starts.
                    var name = CapacityPlanner.Check(request);
                    var jobDir = Path.GetFullPath(parsed.GetValue(outDir) ?? Path.Combine("out", name, "plan"));
                    List<string> arguments = ["plan"];
                    if (request.ScenarioPath is { } scenarioPath)
                    {
                        arguments.Add(Path.GetFullPath(scenarioPath));
                    }

                    arguments.AddRange(["--target-rate", request.TargetRate.ToString("R", CultureInfo.InvariantCulture)]);
                    foreach (var (option, values) in new[] { ("--slo", parsed.GetValue(slo)), ("--vary", parsed.GetValue(vary)), ("--set", parsed.GetValue(set)) })
                    {
                        foreach (var value in values ?? [])
                        {
                            arguments.AddRange([option, value]);
                        }
                    }

                    foreach (var (option, value) in new[] { ("--class", request.Class), ("--group", request.Group), ("--objective", parsed.GetValue(objective)) })
                    {
                        if (value is not null)
                        {
                            arguments.AddRange([option, value]);
                        }
                    }

                    if (request.Replications is { } n)
                    {
                        arguments.AddRange(["--replications", n.ToString(CultureInfo.InvariantCulture)]);
                    }

                    if (request.StepError is { } error)
                    {
                        arguments.AddRange(["--step-error", error.ToString("R", CultureInfo.InvariantCulture)]);
                    }

                    if (request.RecordError)
                    {
                        arguments.Add("--record-error");
                    }

                    arguments.AddRange(["--parallel", JobArray.ThreadsToken, "--out", jobDir]);
                    return jobs.WriteSingle(parsed, new SlurmJob(name, "plan", jobDir, arguments), "plan.json", stdout);
                }

                var plan = CapacityPlanner.Plan(request);
                stdout.Write(PlanReport.Text(plan));
                // Everything rendered before anything is written; each file lands whole or not at all.
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", plan.Scenario, "plan");
                var (path, charts) = ChartedJson.Write(dir, PlanReport.Charts(plan), "plan.json", PlanReport.Json(plan));
                stdout.WriteLine($"wrote {path} and {charts} chart file(s)");
                return plan.Best is null ? ExitCodes.Failed : ExitCodes.Ok;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }
}
