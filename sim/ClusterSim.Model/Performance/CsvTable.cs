using System.Globalization;

namespace ClusterSim.Model.Performance;

/// <summary>
/// A small reader for the measurement CSVs (plain comma-separated, one header row, no quoting), whose every error
/// names file:line:col and what was expected.
/// </summary>
internal sealed class CsvTable
{
    private readonly string _source;
    private readonly string[] _header;

    private CsvTable(string source, string[] header, List<(int Line, string[] Cells)> rows)
    {
        _source = source;
        _header = header;
        Rows = rows;
    }

    public List<(int Line, string[] Cells)> Rows { get; }

    public static CsvTable Read(TextReader reader, string source)
    {
        var headerLine = reader.ReadLine()
            ?? throw new FormatException($"{source}:1:1: empty file; expected a CSV header row");
        var header = headerLine.Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<(int, string[])>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new FormatException(
                    $"{source}:{lineNumber}:1: expected {header.Length} comma-separated fields as in the header, found {cells.Length}");
            }

            rows.Add((lineNumber, cells));
        }

        return new CsvTable(source, header, rows);
    }

    public int Column(string name)
    {
        var index = Array.FindIndex(_header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            return index;
        }

        var hint = Hardware.NameMatch.Nearest(name, _header.Where(h => h.Length > 0));
        throw new FormatException(
            $"{_source}:1:1: expected a column '{name}' in the header" + (hint is null ? "" : $"; did you mean '{hint}'?"));
    }

    public double Number(int line, string[] cells, int column)
    {
        var text = cells[column].Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new FormatException(
            $"{_source}:{line}:{ColumnPosition(cells, column)}: expected a number in column '{_header[column]}', found '{text}'");
    }

    public int Integer(int line, string[] cells, int column)
    {
        var value = Number(line, cells, column);
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
        {
            throw new FormatException(
                $"{_source}:{line}:{ColumnPosition(cells, column)}: expected a whole number in column '{_header[column]}', found '{cells[column].Trim()}'");
        }

        return (int)value;
    }

    public string Text(string[] cells, int column) => cells[column].Trim();

    /// <summary>1-based character position where a field starts, for error locations.</summary>
    public static int ColumnPosition(string[] cells, int column)
    {
        var position = 1;
        for (var i = 0; i < column; i++)
        {
            position += cells[i].Length + 1;
        }

        return position;
    }
}
