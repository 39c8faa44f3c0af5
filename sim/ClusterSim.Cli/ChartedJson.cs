using ClusterSim.Analysis.Charts;

namespace ClusterSim.Cli;

/// <summary>
/// What capacity and step write: charts (PNG and SVG) and one JSON file into a folder, everything rendered before anything
/// is written, and each file landing whole or not at all (<see cref="AtomicFile"/>).
/// </summary>
internal static class ChartedJson
{
    /// <summary>Writes the charts and <paramref name="jsonName"/> into <paramref name="dir"/>; returns the JSON file's path and the chart files written.</summary>
    public static (string JsonPath, int ChartFiles) Write(string dir, IEnumerable<Chart> charts, string jsonName, string json)
    {
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var chart in charts)
        {
            files.Add((chart.Name + ".png", chart.ToPng()));
            files.Add((chart.Name + ".svg", new System.Text.UTF8Encoding(false).GetBytes(chart.ToSvg())));
        }

        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in files)
        {
            AtomicFile.WriteAllBytes(Path.Combine(dir, name), bytes);
        }

        var path = Path.Combine(dir, jsonName);
        AtomicFile.WriteAllText(path, json);
        return (path, files.Count);
    }
}
