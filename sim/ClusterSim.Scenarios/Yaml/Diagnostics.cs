namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Collects located errors while a file is read, checked and bound, and remembers which nodes were
/// bad so later stages skip them instead of piling follow-on errors on top.
/// </summary>
internal sealed class Diagnostics
{
    private readonly List<(int Order, int Seq, ScenarioError Error)> _errors = [];
    private readonly HashSet<Node> _bad = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<ScenarioError> _seen = [];

    public int Count => _errors.Count;

    public void Error(Source source, int line, int column, string message)
    {
        var error = new ScenarioError(source.Name, line, column, message);
        if (_seen.Add(error))
        {
            _errors.Add((source.Order, _errors.Count, error));
        }
    }

    /// <summary>Reports at <paramref name="node"/>, or at its key when the value is an empty placeholder.</summary>
    public void Error(Node node, string message)
    {
        var at = node is ScalarNode { IsNull: true, Value: "" } && node.OwnerKey is not null ? node.OwnerKey : node;
        Error(at.Source, at.Line, at.Column, message);
        _bad.Add(node);
    }

    /// <summary>Reports a problem with the mapping as a whole (a missing key): at the key that owns it.</summary>
    public void ErrorAtOwner(Node node, string message)
    {
        var at = node.OwnerKey ?? node;
        Error(at.Source, at.Line, at.Column, message);
    }

    public void MarkBad(Node node) => _bad.Add(node);

    public bool IsBad(Node node) => _bad.Contains(node);

    /// <summary>Errors sorted by source (scenario file first), then line, then column.</summary>
    public IReadOnlyList<ScenarioError> Sorted()
        => _errors
            .OrderBy(e => e.Order)
            .ThenBy(e => e.Error.Line)
            .ThenBy(e => e.Error.Column)
            .ThenBy(e => e.Seq)
            .Select(e => e.Error)
            .ToList();

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ScenarioException(Sorted());
        }
    }
}
