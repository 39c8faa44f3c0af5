using System.CommandLine;
using System.CommandLine.Parsing;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Cli;

/// <summary>
/// Unknown options and subcommands, each with a "did you mean". The parser reports an unknown token
/// plainly, and where a command takes an optional file argument it takes <c>--timline</c> for a file
/// name ("--timline: file not found"); both read here as what they are: a mistyped option.
/// </summary>
internal static class UnknownTokens
{
    /// <summary>Messages for tokens that name no option or subcommand of the command they follow; empty when there are none.</summary>
    public static List<string> Find(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var options = AllOptions(parsed.CommandResult).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct().ToList();
        var subcommands = command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        var messages = new List<string>();
        foreach (var token in parsed.UnmatchedTokens.Concat(OptionLikeArguments(parsed.CommandResult)))
        {
            if (token.StartsWith('-'))
            {
                messages.Add($"unknown option '{token}' for '{CommandPath(parsed.CommandResult)}'{Suggest.Hint(token, options)}");
            }
            else if (subcommands.Count > 0)
            {
                messages.Add($"unknown command '{token}'{Suggest.Hint(token, subcommands)}; expected one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))}");
            }
            else
            {
                messages.Add($"unexpected argument '{token}' for '{CommandPath(parsed.CommandResult)}'");
            }
        }

        return messages;
    }

    /// <summary>Argument values that look like options and are not files: an option misspelt after a command with an optional argument.</summary>
    private static IEnumerable<string> OptionLikeArguments(CommandResult result)
        => result.Children.OfType<ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Select(t => t.Value)
            .Where(v => v.StartsWith("--", StringComparison.Ordinal) && !File.Exists(v));

    private static IEnumerable<Option> AllOptions(CommandResult result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (var o in c.Command.Options.Where(o => ReferenceEquals(c, result) || o.Recursive))
                {
                    yield return o;
                }
            }
        }
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Add(c.Parent is null ? "clustersim" : c.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
