using System.CommandLine;
using System.Diagnostics;
using ClusterSim.Engine.Core;
using ClusterSim.Engine.Diagnostics;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// `clustersim bench`: standard performance cases, each reporting events/s, allocation per event
/// and peak memory. Timed here, never in unit tests.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] EngineCases = ["timeout-loop", "handler-loop", "process-creation", "seize-release"];
    private static readonly string[] SimulationCases = ["chat-1m", "day-10m", "day-1m", "azure-loop", "replicas-10k", "facility-1k"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var caseOption = new Option<string[]>("--case")
        {
            Description = "Cases: " + string.Join(", ", EngineCases) + " ('engine' for all four), and whole-simulator cases "
                          + string.Join(", ", SimulationCases) + ". Run a whole-simulator case alone for a clean peak-memory figure.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["engine"],
        };
        var secondsOption = new Option<double>("--seconds")
        {
            Description = "Wall-clock seconds to measure each case for (after a warm-up of a third of that).",
            DefaultValueFactory = _ => 3.0,
        };
        var processesOption = new Option<int>("--processes")
        {
            Description = "Concurrent processes (or pending entries on the handler path).",
            DefaultValueFactory = _ => 1000,
        };

        var requestsOption = new Option<long?>("--requests") { Description = "Cut a whole-simulator case to this many requests." };
        var command = new Command("bench", "Run the standard performance cases and report events/s and memory");
        command.Options.Add(caseOption);
        command.Options.Add(requestsOption);
        command.Options.Add(secondsOption);
        command.Options.Add(processesOption);
        command.SetAction(parse =>
        {
            var cases = parse.GetValue(caseOption)!.SelectMany(c => c == "engine" ? EngineCases : [c]).ToArray();
            var unknown = cases.FirstOrDefault(c => !EngineCases.Contains(c) && !SimulationCases.Contains(c));
            if (unknown is not null)
            {
                stderr.WriteLine($"error: unknown bench case '{unknown}'; expected one of: engine, {string.Join(", ", EngineCases.Concat(SimulationCases))}.");
                return ExitCodes.BadInput;
            }

            // Every argument is checked before anything runs: a whole-simulator case can take
            // minutes, and a typo in --seconds must not surface only after it. The negated form
            // also refuses NaN, which passes `seconds <= 0`.
            var seconds = parse.GetValue(secondsOption);
            var processes = parse.GetValue(processesOption);
            if (!(seconds > 0 && double.IsFinite(seconds)) || processes < 1)
            {
                stderr.WriteLine("error: --seconds must be a positive finite number and --processes at least 1.");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(requestsOption) is < 1 and var requests)
            {
                stderr.WriteLine($"error: --requests must be at least 1, got {requests}.");
                return ExitCodes.BadInput;
            }

            var simulationCases = cases.Where(SimulationCases.Contains).ToArray();
            cases = cases.Where(EngineCases.Contains).ToArray();
            foreach (var name in simulationCases)
            {
                Bench.SimulationBench.Result r;
                try
                {
                    r = Bench.SimulationBench.Run(name, parse.GetValue(requestsOption), null);
                }
                catch (Scenarios.ScenarioException ex)
                {
                    ScenarioOptions.PrintErrors(ex, stderr);
                    return ExitCodes.BadInput;
                }
                catch (FileNotFoundException ex)
                {
                    stderr.WriteLine($"error: {ex.Message}");
                    return ExitCodes.BadInput;
                }

                stdout.WriteLine($"{r.Case}: {r.Requests:N0} requests, {r.Events:N0} events, {r.SimulatedSeconds:N0} s simulated in {r.WallSeconds:F2} s wall");
                stdout.WriteLine($"  {r.Events / r.WallSeconds:N0} events/s, {r.Requests / r.WallSeconds:N0} requests/s, {r.SimulatedSeconds / r.WallSeconds:N0}x real time, peak working set {r.PeakMegabytes:N0} MB (managed heap at end {r.ManagedPeakMegabytes:N0} MB)");
            }

            if (cases.Length == 0)
            {
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"{"case",-18} {"n",6} {"events/s",14} {"bytes/event",12} {"events",14} {"peak MB",9}");
            foreach (var name in cases)
            {
                var sim = name switch
                {
                    "timeout-loop" => EngineWorkloads.TimeoutLoop(processes),
                    "handler-loop" => EngineWorkloads.HandlerLoop(processes),
                    "process-creation" => EngineWorkloads.ProcessCreation(),
                    _ => EngineWorkloads.SeizeRelease(processes),
                };
                var r = Measure(sim, seconds);
                stdout.WriteLine($"{name,-18} {processes,6} {r.EventsPerSecond,14:N0} {r.BytesPerEvent,12:F1} {r.Events,14:N0} {r.PeakMegabytes,9:F0}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Result(double EventsPerSecond, double BytesPerEvent, long Events, double PeakMegabytes);

    /// <summary>Run in slices of simulated time until the wall-clock budget is spent.</summary>
    private static Result Measure(Simulation sim, double seconds)
    {
        RunFor(sim, seconds / 3); // warm-up: tiered JIT, heap arrays at their final size
        GC.Collect();
        var events0 = sim.ProcessedEvents;
        var bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        RunFor(sim, seconds);
        var elapsed = clock.Elapsed.TotalSeconds;
        var events = sim.ProcessedEvents - events0;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new Result(events / elapsed, (double)bytes / events, events, self.PeakWorkingSet64 / 1e6);
    }

    private static void RunFor(Simulation sim, double seconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            sim.Run(sim.Now + 10 * SimTime.Millisecond);
        }
    }
}
