using System.Globalization;

namespace ClusterSim.Scenarios;

/// <summary>
/// A policy by name with its parameters. Values are <see cref="double"/> (numbers; durations in
/// seconds), <see cref="string"/>, <see cref="bool"/>, or <see cref="IReadOnlyList{T}"/> of those.
/// Parameters left out take their documented defaults, so built-in policies find every parameter.
/// A dotted name (My.Namespace.Type) is a researcher's own implementation with unchecked parameters.
/// </summary>
public sealed record PolicySpec(string Name, IReadOnlyDictionary<string, object> Parameters)
{
    public static PolicySpec Named(string name) => new(name, new Dictionary<string, object>());

    /// <summary>
    /// True when the scenario named no policy for this seam and this is the default it took (for batching and preemption,
    /// the default of the deployment's engine: <see cref="Policies.EngineDefaults.Policy"/>), so a run can say so.
    /// </summary>
    public bool Defaulted { get; init; }

    public bool Has(string parameter) => Parameters.ContainsKey(parameter);

    public double GetDouble(string parameter)
        => Parameters.TryGetValue(parameter, out var value) && value is double d
            ? d
            : throw new KeyNotFoundException($"policy '{Name}' has no number '{parameter}'");

    public double GetDouble(string parameter, double fallback) => Parameters.TryGetValue(parameter, out var value) && value is double d ? d : fallback;

    public string GetString(string parameter, string fallback) => Parameters.TryGetValue(parameter, out var value) && value is string s ? s : fallback;

    public override string ToString()
        => Parameters.Count == 0
            ? Name
            : $"{Name}({string.Join(", ", Parameters.Select(p => $"{p.Key}={Format(p.Value)}"))})";

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IEnumerable<object> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
