namespace ClusterSim.Model.Performance;

/// <summary>What `clustersim calibrate` found: the entries to write and the lines to print.</summary>
public sealed record CalibrationReport(IReadOnlyList<CalibrationEntry> Entries, IReadOnlyList<string> Lines, IReadOnlyList<string> Sources);
