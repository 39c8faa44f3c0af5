namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>The key an <see cref="OrderedQueue{T}"/> sorts on.</summary>
internal enum OrderKind
{
    Priority,
    Edf,
    ShortestFirst,
}
