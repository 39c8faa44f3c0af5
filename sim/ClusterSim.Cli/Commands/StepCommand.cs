using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Steps;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim step [FILE] [--deployment NAME] [--batch 1,8,64,...] [--context N] [--prompts N --prompt-tokens N]
/// [--beams W --beam-tokens N] [--set PATH=VALUE] [--out DIR]</c>: one iteration of a replica priced by the scenario's
/// own execution model at each batch size, with where its time goes (GEMM arithmetic, weight stream, attention,
/// collectives, host, ...), no simulation around it. Prints a table and writes step.json and charts under <c>out/&lt;scenario&gt;/step/</c>.
/// </summary>
internal static class StepCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("file") { Description = "Scenario file (default: the embedded default scenario).", Arity = ArgumentArity.ZeroOrOne };
        var deployment = new Option<string?>("--deployment") { Description = "Price only this text deployment (default: every one)." };
        var batch = new Option<long[]>("--batch")
        {
            Description = "Decoding sequences per replica, one row each: a comma-separated list of whole numbers.",
            HelpName = "N,N,...",
            DefaultValueFactory = _ => [1, 8, 32, 128, 512, 1024],
            CustomParser = result => ParseBatches(result.Tokens.Count > 0 ? result.Tokens[0].Value : "", result),
        };
        var context = new Option<long>("--context") { Description = "Tokens each decoding sequence attends to.", DefaultValueFactory = _ => 1024 };
        var prompts = new Option<long>("--prompts") { Description = "Whole prompts prefilled in the same step (chunked prefill's mixed step).", DefaultValueFactory = _ => 0 };
        var promptTokens = new Option<long>("--prompt-tokens") { Description = "Tokens of each prompt.", DefaultValueFactory = _ => 1024 };
        var beams = new Option<int>("--beams") { Description = "Beams of each decoding request (beam search, a workload's beam_width): --batch then counts requests, whose beams share the prompt.", DefaultValueFactory = _ => 1 };
        var beamTokens = new Option<long>("--beam-tokens") { Description = "With --beams: tokens of each beam's --context that are its own (generated); the rest is the shared prompt.", DefaultValueFactory = _ => 1 };
        var set = ScenarioOptions.CreateSet();
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/step)." };
        var command = new Command("step",
            "Price one iteration of each text deployment at several batch sizes with the scenario's execution model, and show where its time goes");
        command.Arguments.Add(file);
        command.Options.Add(deployment);
        command.Options.Add(batch);
        command.Options.Add(context);
        command.Options.Add(prompts);
        command.Options.Add(promptTokens);
        command.Options.Add(beams);
        command.Options.Add(beamTokens);
        command.Options.Add(set);
        command.Options.Add(outDir);
        command.SetAction(parsed =>
        {
            try
            {
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                var shape = new StepShape
                {
                    Batches = parsed.GetValue(batch) ?? [],
                    Context = parsed.GetValue(context),
                    Prompts = parsed.GetValue(prompts),
                    PromptTokens = parsed.GetValue(promptTokens),
                    Beams = parsed.GetValue(beams),
                    BeamTokens = parsed.GetValue(beamTokens),
                };
                if (shape.Problem() is { } problem)
                {
                    stderr.WriteLine($"error: {problem}");
                    return ExitCodes.BadInput;
                }

                var scenario = ScenarioOptions.TryLoad(parsed.GetValue(file), parsed.GetValue(set), stderr);
                if (scenario is null)
                {
                    return ExitCodes.BadInput;
                }

                var compiled = ScenarioOptions.TryCompile(scenario, null, stderr);
                if (compiled is null)
                {
                    return ExitCodes.BadInput;
                }

                var result = StepPricer.Price(compiled, shape, parsed.GetValue(deployment));
                stdout.Write(StepReport.Text(result));

                // Everything rendered before anything is written; each file lands whole or not at all.
                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", result.Scenario, "step");
                var (path, charts) = ChartedJson.Write(dir, StepReport.Charts(result), "step.json", StepReport.Json(result));
                stdout.WriteLine($"wrote {path} and {charts} chart file(s)");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }

    /// <summary>"1,8,64": whole numbers, or an error naming the bad item.</summary>
    private static long[] ParseBatches(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<long>();
        foreach (var item in items)
        {
            if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"--batch expects comma-separated whole numbers (e.g. 1,8,64), got '{item}' in '{text}'");
                return [];
            }

            values.Add(value);
        }

        return [.. values];
    }
}
