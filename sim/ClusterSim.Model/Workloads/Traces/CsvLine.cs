namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// Splits one CSV line into fields, remembering where each starts so errors can name the column.
/// Double-quoted fields may hold the separator and doubled quotes; a field cannot span lines (the
/// readers stream line by line). Reused row after row to keep allocation per row low.
/// </summary>
internal sealed class CsvLine(char separator)
{
    private readonly List<(int Start, int Length, int Column, bool Quoted)> _fields = [];
    private string _line = string.Empty;

    public char Separator { get; } = separator;

    public int Count => _fields.Count;

    public int LineLength => _line.Length;

    public void Parse(string line)
    {
        _line = line;
        _fields.Clear();
        var pos = 0;
        while (true)
        {
            if (pos < line.Length && line[pos] == '"')
            {
                var close = pos + 1;
                while (true)
                {
                    close = line.IndexOf('"', close);
                    if (close < 0)
                    {
                        throw new TraceFieldException(pos + 1, "unterminated quoted field: expected a closing '\"'");
                    }

                    if (close + 1 < line.Length && line[close + 1] == '"')
                    {
                        close += 2;
                        continue;
                    }

                    break;
                }

                _fields.Add((pos + 1, close - pos - 1, pos + 1, true));
                pos = close + 1;
                if (pos == line.Length)
                {
                    return;
                }

                if (line[pos] != Separator)
                {
                    throw new TraceFieldException(pos + 1, $"expected '{Separator}' after a closing quote, found '{line[pos]}'");
                }

                pos++;
                continue;
            }

            var end = line.IndexOf(Separator, pos);
            if (end < 0)
            {
                _fields.Add((pos, line.Length - pos, pos + 1, false));
                return;
            }

            _fields.Add((pos, end - pos, pos + 1, false));
            pos = end + 1;
        }
    }

    /// <summary>1-based column where field <paramref name="index"/> starts.</summary>
    public int ColumnOf(int index) => _fields[index].Column;

    /// <summary>The field's characters, surrounding white space removed (for numbers).</summary>
    public ReadOnlySpan<char> Span(int index)
    {
        var (start, length, _, _) = _fields[index];
        return _line.AsSpan(start, length).Trim();
    }

    /// <summary>The field as text, with doubled quotes of a quoted field undone.</summary>
    public string Text(int index)
    {
        var (start, length, _, quoted) = _fields[index];
        var text = _line.Substring(start, length);
        return quoted ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text.Trim();
    }
}
