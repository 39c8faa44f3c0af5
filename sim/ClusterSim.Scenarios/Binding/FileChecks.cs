using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>
/// The checks that open files a scenario names: that a file exists beside the scenario, that a
/// trace has the header and rows its format promises, that a named CSV column is there. They run
/// at binding time so that a wrong file fails located, before a run starts; errors go to the
/// shared diagnostics like every other binding error.
/// </summary>
internal sealed class FileChecks(Values v, string? baseDirectory)
{
    /// <summary>Longest line a header check reads: a header is short, and a file without line breaks must not be read whole.</summary>
    private const int MaxHeaderChars = 1 << 16;

    /// <summary>A file named relative to the scenario; null (with an error) when it is not there.</summary>
    public string? ResolveFile(ScalarNode file)
    {
        if (baseDirectory is null)
        {
            v.Error(file, $"'{file.Value}': the embedded default scenario cannot refer to files; save it to disk first");
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(baseDirectory, file.Value));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            v.Error(file, $"'{file.Value}' is not a valid path: {ex.Message}");
            return null;
        }

        if (!File.Exists(full))
        {
            v.Error(file, $"file not found: '{file.Value}' (looked for {full})");
            return null;
        }

        return full;
    }

    /// <summary>The first <paramref name="count"/> non-blank lines (fewer at the end of the file), each cut at <see cref="MaxHeaderChars"/>.</summary>
    private static List<string> FirstLines(string path, int count)
    {
        var lines = new List<string>();
        try
        {
            using var reader = new StreamReader(path);
            var line = new System.Text.StringBuilder();
            while (lines.Count < count)
            {
                var c = reader.Read();
                if (c < 0 || c == '\n')
                {
                    if (line.ToString().Trim().Length > 0)
                    {
                        lines.Add(line.ToString().TrimEnd('\r'));
                    }

                    line.Clear();
                    if (c < 0)
                    {
                        break;
                    }

                    continue;
                }

                if (line.Length >= MaxHeaderChars)
                {
                    // A line past the limit is no header: keep what was read and stop.
                    lines.Add(line.ToString());
                    break;
                }

                line.Append((char)c);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return lines;
    }

    private static string FirstLine(string path) => FirstLines(path, 1) is [var first, ..] ? first : "";

    /// <summary>The 'columns' of a csv trace; an error when format csv lacks them or another format has them.</summary>
    public TraceColumns? BindTraceColumns(MappingNode m, string format)
    {
        var node = v.Node(m, "columns");
        if (format != "csv")
        {
            if (node is not null)
            {
                v.Ctx.Error(m.Find("columns")!.Key, v.PathOf(m), $"'columns' applies to format csv only; format {format} has a fixed layout");
            }

            return null;
        }

        if (node is not MappingNode c)
        {
            if (node is null)
            {
                v.Ctx.ErrorAtOwner(m, v.PathOf(m), "format csv needs 'columns' naming the time, prompt and output columns, e.g. columns: {time: arrival_s, prompt: in_tokens, output: out_tokens}");
            }

            return null;
        }

        var separator = v.Str(c, "separator") ?? ",";
        separator = separator == "\\t" ? "\t" : separator;
        if (separator.Length != 1 || separator[0] is '"' or '\r' or '\n')
        {
            v.Error(v.Node(c, "separator")!, $"expected one character other than a quote or a line break as the separator, got '{separator}'");
            return null;
        }

        var header = (v.Str(c, "header") ?? "present") == "present";
        foreach (var key in new[] { "time", "prompt", "output", "hash_ids" })
        {
            if (!header && v.Str(c, key) is { } column && !(int.TryParse(column, out var n) && n >= 1))
            {
                v.Error(v.Node(c, key)!, $"without a header, columns are named by their 1-based number (\"1\", \"2\", ...), got '{column}'");
                return null;
            }
        }

        return v.Str(c, "time") is { } time && v.Str(c, "prompt") is { } prompt && v.Str(c, "output") is { } output
            ? new TraceColumns(time, prompt, output, v.Str(c, "hash_ids"), v.Str(c, "time_unit") ?? "s", separator[0], header)
            : null;
    }

    /// <summary>BurstGPT's row filters belong to that format only.</summary>
    public bool CheckTraceOptions(MappingNode m, string format)
    {
        var ok = true;
        foreach (var key in new[] { "model", "log_type" })
        {
            if (format != "burstgpt" && m.Find(key) is { } entry)
            {
                v.Ctx.Error(entry.Key, v.PathOf(m), $"'{key}' filters a burstgpt trace; format {format} has no such column");
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>
    /// Reads the trace's header and first row, so that a file of the wrong format, a CSV without a
    /// named column or a trace with no rows fails here, located, rather than in the middle of a run.
    /// </summary>
    public bool CheckTraceFormat(ScalarNode file, string path, string format, TraceColumns? columns, MappingNode m)
    {
        var hasHeader = format != "mooncake" && (columns?.Header ?? true);
        var lines = FirstLines(path, hasHeader ? 2 : 1);
        var header = lines.Count > 0 ? lines[0] : "";
        var shown = new string((header.Length > 60 ? header[..60] + "..." : header).Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        var names = header.Split(columns?.Separator ?? ',').Select(h => h.Trim().Trim('"')).ToArray();
        bool Has(string name) => names.Contains(name);
        var (ok, expected) = format switch
        {
            "azure" => (Has("ContextTokens") && Has("GeneratedTokens"), "a CSV header TIMESTAMP,ContextTokens,GeneratedTokens"),
            "mooncake" => (header.TrimStart().StartsWith('{') && header.Contains("\"timestamp\"", StringComparison.Ordinal), "JSON lines with \"timestamp\""),
            "burstgpt" => (Has("Timestamp") && Has("Request tokens") && Has("Response tokens"),
                "a CSV header Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type"),
            _ => (true, ""),
        };
        if (!ok)
        {
            v.Error(file, $"'{file.Value}' does not look like {("aeiou".Contains(format[0]) ? "an" : "a")} {format} trace: expected {expected}, found '{shown}'");
            return false;
        }

        if (format == "csv" && columns is { Header: true })
        {
            var c = v.Mapping(m, "columns")!;
            foreach (var (key, column) in new[] { ("time", columns.Time), ("prompt", columns.Prompt), ("output", columns.Output), ("hash_ids", columns.HashIds) })
            {
                if (column is not null && !names.Contains(column))
                {
                    v.Error(v.Node(c, key)!, $"'{file.Value}' has no column '{column}'{Suggest.Hint(column, names)} (columns: {string.Join(", ", names.Select(n => $"'{n}'"))})");
                    return false;
                }
            }
        }

        if (lines.Count < (hasHeader ? 2 : 1))
        {
            v.Error(file, lines.Count == 0 ? $"'{file.Value}' is empty: a trace needs at least one row" : $"'{file.Value}' has a header but no rows");
            return false;
        }

        return true;
    }

    /// <summary>A CSV column named by header, or the only column when none is named.</summary>
    public bool CheckColumn(MappingNode m, string path, string? column, int minColumns)
    {
        var headers = FirstLine(path).Split(',').Select(h => h.Trim()).ToList();
        if (column is not null)
        {
            if (headers.Contains(column))
            {
                return true;
            }

            v.Error(m.Get("column")!, $"no column '{column}' in '{Path.GetFileName(path)}'{Suggest.Hint(column, headers)} (columns: {string.Join(", ", headers)})");
            return false;
        }

        if (headers.Count > minColumns)
        {
            v.Ctx.ErrorAtOwner(m, v.PathOf(m), $"missing required key 'column': '{Path.GetFileName(path)}' has columns {string.Join(", ", headers)}");
            return false;
        }

        return true;
    }
}
