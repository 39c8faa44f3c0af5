namespace ClusterSim.Scenarios.Yaml;

/// <summary>Where a node came from: the scenario file, a catalog file, or one --set argument.</summary>
internal sealed class Source(string name, int order, bool catalog = false)
{
    /// <summary>As shown in error messages: a path, or the text of a --set argument.</summary>
    public string Name { get; } = name;

    /// <summary>Errors are listed by source in this order, then by line and column.</summary>
    public int Order { get; } = order;

    /// <summary>
    /// A catalog file: a scenario's <c>from:</c> override mixes catalog nodes with its own, and an error
    /// about the mix belongs where the user wrote something, not in the catalog they did not write.
    /// </summary>
    public bool IsCatalog { get; } = catalog;
}
