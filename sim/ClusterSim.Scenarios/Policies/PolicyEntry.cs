namespace ClusterSim.Scenarios.Policies;

/// <summary>A built-in implementation of a seam, as a scenario names it: its name, meaning and parameters.</summary>
public sealed record PolicyEntry(PolicySeam Seam, string Name, string Description, IReadOnlyList<PolicyParameter> Parameters)
{
    /// <summary>The parameter <paramref name="name"/>; throws when the entry declares none by that name (a bug in the caller).</summary>
    public PolicyParameter Parameter(string name)
        => Parameters.FirstOrDefault(p => p.Name == name)
           ?? throw new KeyNotFoundException($"{PolicyCatalog.Key(Seam)} '{Name}' declares no parameter '{name}'");

    /// <summary>
    /// The value of numeric parameter <paramref name="name"/>: the scenario's when given, else the catalog default,
    /// so the default is written in this catalog only.
    /// </summary>
    public double Number(IReadOnlyDictionary<string, double>? given, string name)
        => given is not null && given.TryGetValue(name, out var value) ? value : Parameter(name).DefaultNumber;
}
