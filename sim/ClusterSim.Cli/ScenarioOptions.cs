using System.CommandLine;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli;

/// <summary>What every command that takes a scenario shares: the --set option, and loading with located errors.</summary>
internal static class ScenarioOptions
{
    public static Option<string[]> CreateSet() => new("--set")
    {
        Description = "Override a scenario value before it is checked: PATH=VALUE, e.g. workloads.chat.arrival.rate=30, "
                      + "run.seed=7, deployments[0].replicas=4 or deployments[chat].tp=4. Repeatable. VALUE is YAML.",
        HelpName = "PATH=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Name of the option that loads plug-in assemblies, given on any command.</summary>
    public const string PluginOptionName = "--plugin";

    /// <summary>
    /// <c>--plugin PATH</c>: an assembly holding your own policies or execution models, loaded before the scenario is
    /// read so its types can be named there (as with a scenario's <c>plugins:</c>). Repeatable; on every command.
    /// </summary>
    public static Option<string[]> CreatePlugin() => new(PluginOptionName)
    {
        Description = "Load an assembly (.dll) whose types a scenario names as policies or execution models (My.Namespace.MyRouter). Repeatable.",
        HelpName = "PATH",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        Recursive = true,
    };

    /// <summary>Loads every <c>--plugin</c> assembly; prints why one cannot be loaded and returns false (exit code 2).</summary>
    public static bool TryLoadPlugins(IReadOnlyList<string> paths, TextWriter stderr)
    {
        var ok = true;
        foreach (var path in paths)
        {
            if (!ClusterSim.Scenarios.Policies.PluginAssemblies.TryLoad(path, out var error))
            {
                stderr.WriteLine($"error: {PluginOptionName}: {error}");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary><c>--seed N</c>: a non-negative whole number that overrides run.seed.</summary>
    public static Option<ulong?> CreateSeed(string description = "Random seed (overrides run.seed).") => new("--seed")
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"--seed expects a non-negative whole number, got '{text}'");
            return null;
        },
    };

    /// <summary>
    /// Loads a scenario file (or the embedded default when <paramref name="file"/> is null). On bad input
    /// prints every error as <c>file:line:col: message</c> to <paramref name="stderr"/> and returns null;
    /// the caller exits with <see cref="ExitCodes.BadInput"/>.
    /// </summary>
    public static Scenario? TryLoad(string? file, IReadOnlyList<string>? sets, TextWriter stderr)
    {
        try
        {
            return file is null ? ScenarioLoader.LoadDefault(sets) : ScenarioLoader.Load(file, sets);
        }
        catch (ScenarioException ex)
        {
            PrintErrors(ex, stderr);
            return null;
        }
    }

    /// <summary>
    /// Compiles a loaded scenario; what the compiler refuses (a combination the language allows but the
    /// model cannot run) is printed located, like a loading error, and null returned (exit 2).
    /// </summary>
    public static Model.Setup.CompiledScenario? TryCompile(Scenario scenario, ulong? seed, TextWriter stderr)
    {
        try
        {
            return Model.Setup.ScenarioCompiler.Compile(scenario, seed);
        }
        catch (ScenarioException ex)
        {
            PrintErrors(ex, stderr);
            return null;
        }
    }

    public static void PrintErrors(ScenarioException ex, TextWriter stderr)
    {
        foreach (var error in ex.Errors)
        {
            stderr.WriteLine(error.ToString());
        }
    }
}
