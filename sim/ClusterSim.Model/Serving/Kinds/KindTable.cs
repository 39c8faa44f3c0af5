namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A kind's rows for the CLI table and the report: a header per column and formatted cells per class.</summary>
/// <param name="Title">Header of the name column (e.g. "video class").</param>
/// <param name="Columns">Each column's header and width in characters (cells are right-aligned).</param>
/// <param name="Rows">Per class, its name and one formatted cell per column.</param>
public sealed record KindTable(string Title, IReadOnlyList<(string Header, int Width)> Columns, IReadOnlyList<(string Name, IReadOnlyList<string> Cells)> Rows);
