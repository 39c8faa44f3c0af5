using System.Collections.Concurrent;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// The published figures a shipped validation or calibration file carries in its <c>measured:</c> section, read where
/// they live: a test and <c>clustersim accuracy</c> hold the model to the same number, written once.
/// </summary>
internal static class Published
{
    private static readonly ConcurrentDictionary<string, MeasuredSpec> Sections = new(StringComparer.Ordinal);

    /// <summary>Figure <paramref name="figure"/> of <paramref name="file"/> as written (its <c>measured.figures</c>).</summary>
    public static double Figure(string file, string figure) => Find(file, Section(file).Figures, figure, "as written").Value;

    /// <summary>Figure <paramref name="figure"/> of the measured row called <paramref name="row"/> of <paramref name="file"/>.</summary>
    public static double Figure(string file, string row, string figure) => Find(file, Row(file, row).Figures, figure, $"row '{row}'").Value;

    /// <summary>The measured row called <paramref name="row"/> of <paramref name="file"/>.</summary>
    private static MeasuredRow Row(string file, string row)
    {
        var rows = Section(file).Rows;
        return rows.SingleOrDefault(r => r.Name == row)
            ?? throw new InvalidOperationException($"{file} has no measured row '{row}' (it has {string.Join(", ", rows.Select(r => $"'{r.Name}'"))})");
    }

    /// <summary>The measured row of <paramref name="file"/> whose overrides are exactly <paramref name="sets"/>, in order.</summary>
    public static MeasuredRow RowWith(string file, IReadOnlyList<string> sets)
        => Section(file).Rows.SingleOrDefault(r => r.Sets.SequenceEqual(sets))
           ?? throw new InvalidOperationException($"{file} has no measured row set as [{string.Join(", ", sets)}]");

    /// <summary>The overrides (<c>set:</c>) of the measured row called <paramref name="row"/> of <paramref name="file"/>, to run it as written.</summary>
    public static string[] Sets(string file, string row) => Row(file, row).Sets.ToArray();

    /// <summary>Whether <paramref name="file"/> carries a measured row called <paramref name="row"/>.</summary>
    public static bool HasRow(string file, string row) => Section(file).Rows.Any(r => r.Name == row);

    private static MeasuredSpec Section(string file) => Sections.GetOrAdd(file, static f =>
    {
        var path = new[] { "validation", "calibration" }.Select(folder => RepoPaths.File("scenarios", folder, f)).FirstOrDefault(System.IO.File.Exists)
            ?? throw new FileNotFoundException($"{f} is in neither scenarios/validation nor scenarios/calibration");
        return ScenarioLoader.Load(path).Measured ?? throw new InvalidOperationException($"{f} has no measured section");
    });

    private static MeasuredFigure Find(string file, IReadOnlyList<MeasuredFigure> figures, string figure, string where)
        => figures.SingleOrDefault(f => f.Name == figure)
           ?? throw new InvalidOperationException($"{file} {where} gives no measured '{figure}' (it gives {string.Join(", ", figures.Select(f => f.Name))})");
}
