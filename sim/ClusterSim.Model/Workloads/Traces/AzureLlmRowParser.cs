namespace ClusterSim.Model.Workloads.Traces;

/// <summary>Rows of the Azure LLM inference trace 2023: <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>.</summary>
internal sealed class AzureLlmRowParser : TraceRowParser
{
    private static readonly string[] Columns = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"];

    private readonly CsvLine _fields = new(',');

    public override int HeaderLines => 1;

    public override void ParseHeader(string line)
    {
        _fields.Parse(line);
        for (var i = 0; i < Columns.Length; i++)
        {
            var found = i < _fields.Count ? _fields.Text(i) : null;
            if (!string.Equals(found, Columns[i], StringComparison.OrdinalIgnoreCase))
            {
                var column = i < _fields.Count ? _fields.ColumnOf(i) : line.Length + 1;
                throw new TraceFieldException(column,
                    $"expected the Azure LLM trace header TIMESTAMP,ContextTokens,GeneratedTokens; column {i + 1} is '{found ?? "(missing)"}'"
                    + (found is null ? string.Empty : NameSuggestion.Hint(found, [Columns[i]])));
            }
        }
    }

    public override bool TryParse(string line, out TraceRow row)
    {
        _fields.Parse(line);
        if (_fields.Count != 3)
        {
            var column = _fields.Count > 3 ? _fields.ColumnOf(3) : line.Length + 1;
            throw new TraceFieldException(column, $"expected 3 comma-separated fields TIMESTAMP,ContextTokens,GeneratedTokens, found {_fields.Count}");
        }

        var time = TraceFields.TimeNs(_fields.Span(0), TraceTimeUnit.DateTime, _fields.ColumnOf(0), "TIMESTAMP");
        var prompt = TraceFields.Count(_fields.Span(1), _fields.ColumnOf(1), "ContextTokens");
        var output = TraceFields.Count(_fields.Span(2), _fields.ColumnOf(2), "GeneratedTokens");
        row = new TraceRow(time, _fields.ColumnOf(0), prompt, output, null);
        return true;
    }
}
