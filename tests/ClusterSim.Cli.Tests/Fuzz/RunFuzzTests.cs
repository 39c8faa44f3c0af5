using System.Collections.Concurrent;
using System.Text;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;
using Xunit.Abstractions;

namespace ClusterSim.Cli.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of the shipped scenarios and of trace files, each validated as <c>validate</c> does (load and
/// compile) and, when valid, run for one simulated second (a trace to its end) under a wall-clock limit. Whatever the
/// input: no exception but a located rejection, no hang. The outcome histogram goes to the test output.
/// </summary>
public sealed class RunFuzzTests(ITestOutputHelper output)
{
    /// <summary>At least 1,000 scenario and 200 trace mutations (the issue's bar); CLUSTERSIM_FUZZ=N multiplies them for a longer hunt.</summary>
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("CLUSTERSIM_FUZZ"), out var n) && n > 0 ? n : 1;

    private const int ScenarioCases = 2_000;

    private const int TraceCases = 400;

    /// <summary>Per case, parse to end of run. Generous on a loaded 2-core CI machine; a hang is minutes, not seconds.</summary>
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Per case, bytes allocated from parse to end of run. A case runs one simulated second (or a short trace), so a
    /// legitimate one allocates tens of MB at most; past this it is a runaway whatever the GC later reclaims.
    /// </summary>
    private const long CaseMemoryLimit = 1L << 30;

    private enum Outcome
    {
        Accepted,

        /// <summary>Refused by the runaway guard before running (its message names the knob, not a place).</summary>
        Refused,
        RejectedLocated,
        RejectedUnlocated,
        Exception,
        Timeout,

        /// <summary>Allocated more than <see cref="CaseMemoryLimit"/>, or ran out of memory.</summary>
        OutOfMemory,
    }

    private sealed record Case(string Label, string Yaml, string FileName, string Folder);

    private static readonly string[] WrongValues =
        ["abc", "[1, 2]", "{a: 1}", "", "true", "~", "\"5\"", "'", "{", "]", "- x", "*nope", "&a", "!tag x", "1h", "fp3", "-"];

    private static readonly string[] BadNumbers =
        ["-1", "0", "-0.5", "1e308", "1e-308", ".nan", ".inf", "-.inf", "2147483648", "9223372036854775808", "1e999", "0.0000001", "99999999", "3.7", "1e9h", "-5s", "0s"];

    private static readonly string[] BadYaml =
        ["{", "}", "[", "key: [1, 2", "\"unterminated", "\t: tab", "- item", "? complex", "&anchor", "*alias", "!!binary x", "a: b: c", "%YAML 9.9", "---", "...", "@"];

    [Fact]
    public void Mutated_scenarios_and_traces_are_accepted_or_rejected_where_located_and_never_crash_or_hang()
    {
        var folder = Directory.CreateTempSubdirectory("clustersim-fuzz-").FullName;
        try
        {
            var cases = ScenarioMutations(ScenarioCases * Scale).Concat(TraceMutations(TraceCases * Scale, folder)).ToList();
            var outcomes = new (Outcome Outcome, string Detail)[cases.Count];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) },
                i => outcomes[i] = Bounded(cases[i]));

            var histogram = Enum.GetValues<Outcome>().ToDictionary(o => o, o => outcomes.Count(x => x.Outcome == o));
            var byKind = cases.Select((c, i) => (Kind: c.Label.Split(' ')[0], outcomes[i].Outcome)).GroupBy(x => x.Kind)
                .Select(g => $"  {g.Key}: " + string.Join(", ", g.GroupBy(x => x.Outcome).OrderBy(x => x.Key).Select(x => $"{x.Key} {x.Count()}")));
            output.WriteLine($"fuzz: {cases.Count} cases ({cases.Count(c => c.Label.StartsWith("scenario", StringComparison.Ordinal))} scenario, "
                + $"{cases.Count(c => c.Label.StartsWith("trace", StringComparison.Ordinal))} trace) in {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine(string.Join(Environment.NewLine, histogram.Select(h => $"  {h.Key}: {h.Value}")));
            output.WriteLine(string.Join(Environment.NewLine, byKind));

            var bad = cases.Select((c, i) => (c, outcomes[i])).Where(x => x.Item2.Outcome is Outcome.RejectedUnlocated or Outcome.Exception or Outcome.Timeout or Outcome.OutOfMemory).ToList();
            Assert.True(bad.Count == 0, string.Join("\n\n", bad.Take(5).Select(x => $"{x.c.Label}: {x.Item2.Outcome}: {x.Item2.Detail}\n---\n{Clip(x.c.Yaml)}\n---")));

            // The mutations must exercise both sides, or the test would prove little.
            Assert.True(histogram[Outcome.RejectedLocated] > cases.Count / 3, $"only {histogram[Outcome.RejectedLocated]} rejections");
            Assert.True(histogram[Outcome.Accepted] > cases.Count / 20, $"only {histogram[Outcome.Accepted]} accepted and run");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Clip(string text) => text.Length <= 1500 ? text : text[..1500] + "...";

    /// <summary>One case under the wall-clock limit; a run still going at the limit is cancelled and counted a timeout.</summary>
    private static (Outcome, string) Bounded(Case c)
    {
        using var cancel = new CancellationTokenSource();
        // Its own thread: the callers block on pool threads, and on 2 cores the pool would otherwise starve.
        var task = Task.Factory.StartNew(() => Classify(c, cancel.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (task.Wait(CaseLimit))
        {
            return task.Result;
        }

        cancel.Cancel();
        return (Outcome.Timeout, $"still running after {CaseLimit.TotalSeconds} s");
    }

    /// <summary>Validate (load, compile), then a bounded run; what comes out, sorted as the CLI would report it.</summary>
    private static (Outcome, string) Classify(Case c, CancellationToken token)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = ClassifyUnmetered(c, token);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return allocated > CaseMemoryLimit
            ? (Outcome.OutOfMemory, $"allocated {allocated / 1e6:F0} MB (limit {CaseMemoryLimit / 1e6:F0} MB); outcome otherwise {result.Item1}")
            : result;
    }

    private static (Outcome, string) ClassifyUnmetered(Case c, CancellationToken token)
    {
        try
        {
            var scenario = ScenarioLoader.Parse(c.Yaml, c.FileName, c.Folder);
            var traced = scenario.Workloads.Any(w => w.Arrival is TraceArrival);
            scenario = scenario with
            {
                Run = scenario.Run with
                {
                    // A trace case reads its whole (short) file within its 10 minutes; anything else runs one simulated second.
                    DurationSeconds = c.Label.StartsWith("trace", StringComparison.Ordinal) ? scenario.Run.DurationSeconds : 1,
                    Requests = traced ? 10_000 : null,
                    WarmupSeconds = 0,
                },
            };
            var compiled = ScenarioCompiler.Compile(scenario);
            if (RunEstimate.Of(compiled).Refusal(writesRequests: false) is { } refusal)
            {
                return (Outcome.Refused, refusal);
            }

            ClusterRun.Execute(compiled, new RunOptions { Cancellation = token });
            return (Outcome.Accepted, "");
        }
        catch (ScenarioException ex)
        {
            return ex.Errors.Count > 0 && ex.Errors.All(e => e.Line >= 1 && e.Column >= 1 && !string.IsNullOrWhiteSpace(e.Message))
                ? (Outcome.RejectedLocated, ex.Message)
                : (Outcome.RejectedUnlocated, ex.Message);
        }
        catch (TraceFormatException ex)
        {
            return ex.Line >= 1 ? (Outcome.RejectedLocated, ex.Message) : (Outcome.RejectedUnlocated, ex.Message);
        }
        catch (OutOfMemoryException ex)
        {
            return (Outcome.OutOfMemory, ex.Message);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (Outcome.Timeout, "cancelled at the limit");
        }
        catch (Exception ex) when (CliErrors.IsInputError(ex))
        {
            // What the CLI prints as "error: ..." with exit 2: handled, but not pointing at a place.
            return (Outcome.RejectedUnlocated, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (Exception ex)
        {
            return (Outcome.Exception, ex.ToString());
        }
    }

    // ---- scenario mutations ------------------------------------------------------------------

    private static IEnumerable<Case> ScenarioMutations(int count)
    {
        var scenarios = Path.Combine(CliRunner.RepositoryRoot, "scenarios");
        var files = Directory.GetFiles(scenarios, "*.yaml").Order(StringComparer.Ordinal).ToList();
        var random = new Random(20_241_203);
        for (var i = 0; i < count; i++)
        {
            var file = files[i % files.Count];
            var (yaml, how) = MutateYaml(File.ReadAllText(file), random);
            yield return new Case($"scenario {Path.GetFileName(file)} #{i} ({how})", yaml, Path.GetFileName(file), scenarios);
        }
    }

    private static (string Yaml, string How) MutateYaml(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var hows = new List<string>();
        for (var n = 1 + random.Next(2); n > 0 && lines.Count > 0; n--)
        {
            var i = random.Next(lines.Count);
            var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
            switch (random.Next(10))
            {
                case 0:
                    lines.RemoveAt(i);
                    hows.Add("delete key");
                    break;
                case 1 when colon > 0:
                    lines[i] = lines[i][..(colon + 2)] + Pick(WrongValues, random);
                    hows.Add("wrong type");
                    break;
                case 2 or 3:
                {
                    // A number anywhere on a line (flow mappings included) replaced by an out-of-range one.
                    var m = System.Text.RegularExpressions.Regex.Matches(lines[i], @"(?<=[:\[,]\s*)-?\d[\d_.]*(e[-+]?\d+)?[a-z]*");
                    if (m.Count > 0)
                    {
                        var hit = m[random.Next(m.Count)];
                        lines[i] = lines[i][..hit.Index] + Pick(BadNumbers, random) + lines[i][(hit.Index + hit.Length)..];
                        hows.Add("bad number");
                    }

                    break;
                }

                case 4:
                {
                    var indent = lines[i].Length - lines[i].TrimStart().Length;
                    lines.Insert(i, new string(' ', indent) + Pick(["bogus", "rate", "kind", "tp", "nodes", "x_y"], random) + "_extra: 1");
                    hows.Add("unknown key");
                    break;
                }

                case 5:
                    lines.Insert(i, lines[i]);
                    hows.Add("duplicate key");
                    break;
                case 6:
                    lines[i] += " " + Pick(BadYaml, random);
                    hows.Add("bad yaml");
                    break;
                case 7:
                {
                    var cut = random.Next(text.Length);
                    lines = text[..cut].Split('\n').ToList();
                    hows.Add("truncated");
                    break;
                }

                case 8 when colon > 0:
                    lines[i] = lines[i][..(colon + 2)] + Pick(BadNumbers, random);
                    hows.Add("number for a value");
                    break;
                default:
                {
                    var bytes = new byte[1 + random.Next(8)];
                    random.NextBytes(bytes);
                    lines[i] = lines[i].Insert(random.Next(lines[i].Length + 1), Encoding.Latin1.GetString(bytes));
                    hows.Add("bytes");
                    break;
                }
            }
        }

        return (string.Join('\n', lines), string.Join(", ", hows));
    }

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    // ---- trace mutations ---------------------------------------------------------------------

    private sealed record TraceBase(string Format, string Extension, string Text, string Columns);

    private static IEnumerable<Case> TraceMutations(int count, string folder)
    {
        var traces = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "traces");
        static string Head(string path, int lines) => string.Join('\n', File.ReadLines(path).Take(lines)) + "\n";
        TraceBase[] bases =
        [
            new("azure", "csv", Head(Path.Combine(traces, "azure-llm-2023", "conv.csv"), 30), ""),
            new("mooncake", "jsonl", Head(Path.Combine(traces, "mooncake", "conversation.jsonl"), 30), ""),
            new("csv", "csv", "t,p,o\n" + string.Concat(Enumerable.Range(0, 30).Select(k => $"{k * 0.25:F2},{100 + 37 * k % 900},{10 + 13 * k % 200}\n")),
                ", columns: {time: t, prompt: p, output: o}"),
            new("burstgpt", "csv", "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                + string.Concat(Enumerable.Range(0, 30).Select(k => $"{k * 2},{(k % 3 == 0 ? "GPT-4" : "ChatGPT")},{200 + 41 * k % 700},{20 + 17 * k % 300},{220 + 58 * k % 1000},Conversation log\n")), ""),
        ];
        var random = new Random(42_1203);
        for (var i = 0; i < count; i++)
        {
            var b = bases[i % bases.Length];
            var (text, how) = MutateTrace(b, random);
            var name = $"trace-{i}.{b.Extension}";
            File.WriteAllText(Path.Combine(folder, name), text, Encoding.Latin1);
            var yaml = $$"""
                workloads:
                  chat:
                    kind: text
                    model: llama-3.1-8b
                    arrival: {kind: trace, file: {{name}}, format: {{b.Format}}{{b.Columns}}}
                hardware:
                  nodes:
                    dgx: {count: 1, accelerator: h100-sxm, per_node: 8}
                deployments:
                  serve: {model: llama-3.1-8b, nodes: dgx, tp: 2, replicas: 4}
                run:
                  duration: 10m
                """;
            yield return new Case($"trace {b.Format} #{i} ({how})", yaml, $"trace-{i}.yaml", folder);
        }
    }

    private static readonly string[] BadFields =
        ["", "-1", "0", "abc", "NaN", "1e308", "2147483648", "4294967296", "99999999999999999999", "1.5", " 12 ", "\"5\"", "2023-13-45 99:99:99", "-1e9", "Infinity", "0x10", "null", "[]", "{}"];

    private static (string Text, string How) MutateTrace(TraceBase b, Random random)
    {
        var lines = b.Text.TrimEnd('\n').Split('\n').ToList();
        var json = b.Format == "mooncake";
        var i = 1 + random.Next(lines.Count - 1);
        switch (random.Next(12))
        {
            case 0 or 1 or 2:
            {
                // One field of a row replaced: a number out of range, a word, an empty cell.
                var value = Pick(BadFields, random);
                if (json)
                {
                    var key = Pick(["timestamp", "input_length", "output_length", "hash_ids"], random);
                    lines[i] = System.Text.RegularExpressions.Regex.Replace(lines[i], $"\"{key}\": (\\[[^\\]]*\\]|[^,}}]+)", $"\"{key}\": {value}");
                }
                else
                {
                    var cells = lines[i].Split(',');
                    cells[random.Next(cells.Length)] = value;
                    lines[i] = string.Join(',', cells);
                }

                return (string.Join('\n', lines) + "\n", "bad field " + value);
            }

            case 3:
                lines[i] = json ? lines[i].Replace("\"output_length\"", "\"out\"") : string.Join(',', lines[i].Split(',').SkipLast(1));
                return (string.Join('\n', lines) + "\n", "missing field");
            case 4:
                lines[i] += json ? " {" : ",7,8";
                return (string.Join('\n', lines) + "\n", "extra field");
            case 5:
                (lines[1], lines[^1]) = (lines[^1], lines[1]);
                return (string.Join('\n', lines) + "\n", "time goes backwards");
            case 6:
                return (json ? "" : lines[0] + "\n", json ? "empty file" : "header only");
            case 7:
                return (string.Join('\n', lines.Skip(json ? 0 : 1)) + "\n", json ? "unchanged" : "no header");
            case 8:
            {
                var all = string.Join('\n', lines);
                return (all[..random.Next(all.Length)], "truncated");
            }

            case 9:
            {
                var bytes = new byte[1 + random.Next(16)];
                random.NextBytes(bytes);
                lines[i] = lines[i].Insert(random.Next(lines[i].Length + 1), Encoding.Latin1.GetString(bytes));
                return (string.Join('\n', lines) + "\n", "bytes");
            }

            case 10:
                lines.Insert(i, new string('9', 1 + random.Next(2) * 2_000_000));
                return (string.Join('\n', lines) + "\n", "long line");
            default:
                lines.Insert(i, "");
                lines.Insert(i, json ? "not json" : ",,,");
                return (string.Join('\n', lines) + "\n", "blank and empty rows");
        }
    }
}
