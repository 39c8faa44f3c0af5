using System.CommandLine;
using System.Globalization;
using ClusterSim.Analysis.Explore;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// <c>clustersim explore FILE --vary PATH=V1,V2,... [--vary ...] [--set PATH=VALUE] [--parallel N] [--out DIR]</c>:
/// runs the grid and writes one self-contained explore.html with a slider per varied value.
/// </summary>
internal static class ExploreCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Scenario file." };
        var vary = new Option<string[]>("--vary")
        {
            Description = "PATH=V1,V2,... a scenario value the page gets a slider for (two or more values; YAML, commas inside [..], {..} or quotes do not split). Repeatable: the grid is the cartesian product.",
            HelpName = "PATH=V1,V2,...",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            Required = true,
        };
        var set = new Option<string[]>("--set") { Description = "PATH=VALUE: a plain override applied to every point. Repeatable.", HelpName = "PATH=VALUE", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var window = new Option<double>("--window") { Description = "Simulated seconds from the start of each run that the animation shows.", DefaultValueFactory = _ => 2.0 };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: one per core)." };
        var outDir = new Option<string?>("--out") { Description = "Output directory (default: out/<scenario name>/explore)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress line." };
        var command = new Command("explore", "Run a small grid of a scenario and write explore.html: sliders, charts and an animation, no server needed");
        command.Arguments.Add(file);
        command.Options.Add(vary);
        command.Options.Add(set);
        command.Options.Add(window);
        command.Options.Add(parallel);
        command.Options.Add(outDir);
        command.Options.Add(quiet);
        command.SetAction(parsed =>
        {
            try
            {
                CliErrors.CheckParallel(parsed.GetValue(parallel));
                if (CliErrors.RejectEmptyPath("--out", parsed.GetValue(outDir), stderr))
                {
                    return ExitCodes.BadInput;
                }

                var plan = Explorer.Prepare(parsed.GetValue(file)!, parsed.GetValue(vary) ?? [], parsed.GetValue(set) ?? [], parsed.GetValue(window));
                var threads = parsed.GetValue(parallel) > 0 ? parsed.GetValue(parallel) : Environment.ProcessorCount;
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"explore '{plan.ScenarioName}': {plan.PointCount} point(s) on {threads} thread(s)"));
                var showProgress = !parsed.GetValue(quiet) && !Console.IsErrorRedirected && stderr == Console.Error;
                var result = Explorer.Run(plan, threads, showProgress ? (done, total) => stderr.Write(string.Create(CultureInfo.InvariantCulture, $"\r{done}/{total} runs   ")) : null);
                if (showProgress)
                {
                    stderr.Write("\r" + new string(' ', 30) + "\r");
                }

                var dir = parsed.GetValue(outDir) ?? Path.Combine("out", plan.ScenarioName, "explore");
                stdout.WriteLine($"wrote {Explorer.Write(result, dir)}");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (CliErrors.IsInputError(ex))
            {
                return CliErrors.Report(ex, stderr);
            }
        });
        return command;
    }
}
