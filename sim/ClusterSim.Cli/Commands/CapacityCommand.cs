using System.CommandLine;
using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim capacity [FILE] --slo ttft_p99=2s --slo tpot_p99=200ms [--class NAME] [--replications N]
/// [--confidence 0.95] [--lo R] [--hi R] [--tolerance 0.02] [--seed N] [--out DIR] [--parallel N] [--stable] [--step-error 0.1]</c>:
/// the highest arrival rate of a class (text, video, image or avatar) that meets every SLO (bracket, then bisection, with
/// replications on common seeds; see <see cref="CapacitySearch"/>), its confidence interval and the
/// operating point there; prints a table and writes capacity.json and one chart per SLO figure.
/// Exit 0 with a capacity (or "at least --hi"), 1 when no rate searched meets the SLOs, 2 on bad input.
/// </summary>
internal static class CapacityCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var slo = PlanCommand.CreateSlo();
        var cls = new Option<string?>("--class") { Description = "The class whose rate is searched and whose figures the SLOs apply to, of any kind (default: the only text class, or the only class)." };
        var replications = new Option<int?>("--replications") { Description = "Runs per rate, seeds seed, seed+1, ... at every rate (default: run.replications of the scenario, at least 3); the SLOs apply to the mean." };
        var confidence = new Option<double>("--confidence") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var lo = new Option<double?>("--lo") { Description = "Lowest rate searched and where the search starts, requests/s (default: start at the class's own rate, halving down as needed)." };
        var hi = new Option<double?>("--hi") { Description = "Highest rate searched, requests/s; a capacity at or above it is reported as 'at least' it (default: 2^20 x the start)." };
        var tolerance = new Option<double>("--tolerance") { Description = "Stop bisecting when the failing rate is within this fraction of the passing one.", DefaultValueFactory = _ => 0.02 };
        var seed = ScenarioOptions.CreateSeed("Seed of the first replication (overrides run.seed).");
        var parallel = new Option<int>("--parallel") { Description = "Replications run at once (default: one per core)." };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/capacity)." };
        var stepError = new Option<double?>("--step-error") { Description = "Carry the execution model's own error into the answer: search again with every step (LLM, video or image) this fraction longer and shorter (0.1: x 1.1 and x 0.9) and report both capacities." };
        var recordError = new Option<bool>("--record-error") { Description = "Carry the model's published misses into the answer: search again with every step (LLM, video or image) as much longer and shorter as the largest and smallest capacity (else throughput, else for video latency) error the validation record holds for the deployments' kind, and report both capacities." };
        var stable = new Option<bool>("--stable") { Description = "Leave wall-clock figures out of capacity.json, so equal searches give equal bytes." };
        var set = ScenarioOptions.CreateSet();
        var command = new Command("capacity", "Find the highest arrival rate that meets every SLO, with a confidence interval and the operating point there");
        command.Arguments.Add(file);
        command.Options.Add(slo);
        command.Options.Add(cls);
        command.Options.Add(replications);
        command.Options.Add(confidence);
        command.Options.Add(lo);
        command.Options.Add(hi);
        command.Options.Add(tolerance);
        command.Options.Add(set);
        command.Options.Add(seed);
        command.Options.Add(parallel);
        command.Options.Add(outDir);
        command.Options.Add(stepError);
        command.Options.Add(recordError);
        command.Options.Add(stable);
        command.SetAction(parsed =>
        {
            using var signals = new CancelOnSignal();
            try
            {
                CliErrors.CheckParallel(parsed.GetValue(parallel));
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                var result = CapacitySearch.Find(new CapacityRequest
                {
                    ScenarioPath = parsed.GetValue(file),
                    Sets = parsed.GetValue(set) ?? [],
                    Slos = (parsed.GetValue(slo) ?? []).Select(SloConstraint.Parse).ToList(),
                    Class = parsed.GetValue(cls),
                    Replications = parsed.GetValue(replications),
                    Confidence = parsed.GetValue(confidence),
                    Low = parsed.GetValue(lo),
                    High = parsed.GetValue(hi),
                    Tolerance = parsed.GetValue(tolerance),
                    Seed = parsed.GetValue(seed),
                    Parallelism = parsed.GetValue(parallel),
                    StepError = parsed.GetValue(stepError),
                    RecordError = parsed.GetValue(recordError),
                    Cancellation = signals.Token,
                });
                stdout.Write(CapacityReport.Text(result));

                // Everything rendered before anything is written; each file lands whole or not at all.
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", result.Scenario, "capacity");
                var (path, charts) = ChartedJson.Write(dir, CapacityReport.Charts(result), "capacity.json",
                    CapacityReport.Json(result, includeWallClock: !parsed.GetValue(stable)));
                stdout.WriteLine($"wrote {path} and {charts} chart file(s)");
                return result.Bracket.Outcome == CapacityOutcome.None ? ExitCodes.Failed : ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                stderr.WriteLine("capacity search cancelled: nothing was written");
                return signals.ExitCode;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }
}
