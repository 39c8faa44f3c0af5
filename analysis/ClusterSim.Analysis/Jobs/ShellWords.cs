using System.Text;

namespace ClusterSim.Analysis.Jobs;

/// <summary>Turns CLI arguments into a POSIX shell command line, filling in the shard and thread tokens.</summary>
internal static class ShellWords
{
    /// <param name="shard">Shell text that expands to <c>i/N</c> (already quoted as needed).</param>
    /// <param name="threads">Shell text that expands to the task's thread count.</param>
    public static string Join(string cli, IEnumerable<string> arguments, string shard, string threads)
    {
        var line = new StringBuilder(cli);
        foreach (var a in arguments)
        {
            line.Append(' ').Append(a switch
            {
                JobArray.ShardToken => shard,
                JobArray.ThreadsToken => threads,
                _ => Quote(a),
            });
        }

        return line.ToString();
    }

    /// <summary>Single quotes, with embedded single quotes closed, escaped and reopened: nothing inside expands.</summary>
    public static string Quote(string word)
        => word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
