using System.Globalization;

namespace ClusterSim.Model.Workloads.Traces;

/// <summary>
/// CSV rows mapped by a <see cref="CsvTraceMapping"/>, optionally keeping only rows whose text
/// columns equal given values (BurstGPT's model and log type).
/// </summary>
internal sealed class CsvRowParser : TraceRowParser
{
    private readonly CsvTraceMapping _mapping;
    private readonly (string Column, string Value)[] _filters;
    private readonly CsvLine _fields;
    private int _time = -1;
    private int _prompt = -1;
    private int _output = -1;
    private int _hashes = -1;
    private int[] _filterColumns = [];
    private int _needed;

    public CsvRowParser(CsvTraceMapping mapping, (string Column, string Value)[] filters)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"'{mapping.Separator}' cannot separate CSV fields", nameof(mapping));
        }

        _mapping = mapping;
        _filters = filters;
        _fields = new CsvLine(mapping.Separator);
        if (!mapping.HasHeader)
        {
            // Without a header the columns are numbers, known now: check them before any row.
            _time = Number(mapping.TimeColumn, nameof(mapping.TimeColumn));
            _prompt = Number(mapping.PromptColumn, nameof(mapping.PromptColumn));
            _output = Number(mapping.OutputColumn, nameof(mapping.OutputColumn));
            _hashes = mapping.HashIdsColumn is null ? -1 : Number(mapping.HashIdsColumn, nameof(mapping.HashIdsColumn));
            _filterColumns = filters.Select(f => Number(f.Column, "filter")).ToArray();
            UpdateNeeded();
        }
    }

    public override int HeaderLines => _mapping.HasHeader ? 1 : 0;

    public override void ParseHeader(string line)
    {
        _fields.Parse(line);
        var names = new string[_fields.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _fields.Text(i).Trim();
        }

        int Find(string wanted)
        {
            var exact = Array.IndexOf(names, wanted);
            if (exact >= 0)
            {
                return exact;
            }

            var loose = Array.FindIndex(names, n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            if (loose >= 0)
            {
                return loose;
            }

            throw new TraceFieldException(1,
                $"expected a column '{wanted}' in the header{NameSuggestion.Hint(wanted, names)} (columns: {string.Join(", ", names.Select(n => $"'{n}'"))})");
        }

        _time = Find(_mapping.TimeColumn);
        _prompt = Find(_mapping.PromptColumn);
        _output = Find(_mapping.OutputColumn);
        _hashes = _mapping.HashIdsColumn is null ? -1 : Find(_mapping.HashIdsColumn);
        _filterColumns = _filters.Select(f => Find(f.Column)).ToArray();
        UpdateNeeded();
    }

    public override bool TryParse(string line, out TraceRow row)
    {
        _fields.Parse(line);
        if (_fields.Count < _needed)
        {
            throw new TraceFieldException(line.Length + 1,
                $"expected at least {_needed} fields separated by '{Printable(_mapping.Separator)}', found {_fields.Count}");
        }

        for (var i = 0; i < _filters.Length; i++)
        {
            if (!string.Equals(_fields.Text(_filterColumns[i]), _filters[i].Value, StringComparison.OrdinalIgnoreCase))
            {
                row = default;
                return false;
            }
        }

        var time = TraceFields.TimeNs(_fields.Span(_time), _mapping.TimeUnit, _fields.ColumnOf(_time), _mapping.TimeColumn);
        var prompt = TraceFields.Count(_fields.Span(_prompt), _fields.ColumnOf(_prompt), _mapping.PromptColumn);
        var output = TraceFields.Count(_fields.Span(_output), _fields.ColumnOf(_output), _mapping.OutputColumn);
        var hashes = _hashes < 0 ? null : TraceFields.HashIds(_fields.Span(_hashes), _fields.ColumnOf(_hashes), _mapping.HashIdsColumn!);
        row = new TraceRow(time, _fields.ColumnOf(_time), prompt, output, hashes);
        return true;
    }

    private void UpdateNeeded()
        => _needed = new[] { _time, _prompt, _output, _hashes }.Concat(_filterColumns).Max() + 1;

    private static int Number(string column, string what)
    {
        if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number - 1;
        }

        throw new ArgumentException($"{what}: a file without a header names columns by their 1-based number, found '{column}'", nameof(column));
    }

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
