namespace ClusterSim.Scenarios.Fleets;

/// <summary>
/// Where in the fleet file an override of a cluster's scenario was written: the path (a <c>set:</c>
/// key, or the front door's <c>workload</c>) and the value, so an error the scenario loader finds in
/// the override points into the fleet file rather than at a <c>--set</c> the user never typed.
/// </summary>
/// <param name="File">The fleet file as the user named it.</param>
/// <param name="PathLine">Line of the path (1-based).</param>
/// <param name="PathColumn">Column of the path's first character.</param>
/// <param name="ValueLine">Line of the value.</param>
/// <param name="ValueColumn">Column of the value's first character.</param>
/// <param name="Verbatim">The override is the file's <c>path: value</c> as written (a <c>set:</c> entry), so a column
/// within it maps into the file; false for one the fleet derives (the front door's arrivals), whose errors all point at the path.</param>
public sealed record SetOrigin(string File, int PathLine, int PathColumn, int ValueLine, int ValueColumn, bool Verbatim);
