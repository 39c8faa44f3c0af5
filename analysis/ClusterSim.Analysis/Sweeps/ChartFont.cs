using ClusterSim.Analysis.Charts;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Sweep charts draw in the same embedded DejaVu Sans as every other chart (Charts/ChartFonts), so
/// they render the same on a laptop and on a bare server.
/// </summary>
internal static class ChartFont
{
    public const string Name = ChartFonts.Family;

    public static void Register() => ChartFonts.EnsureRegistered();
}
