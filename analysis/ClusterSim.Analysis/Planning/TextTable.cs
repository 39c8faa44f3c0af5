using System.Text;

namespace ClusterSim.Analysis.Planning;

/// <summary>Rows as aligned columns for the terminal: each column padded to its widest cell plus two spaces, the last one left as it is.</summary>
internal static class TextTable
{
    public static void Append(StringBuilder s, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(i => rows.Max(row => i < row.Count - 1 ? row[i].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                s.Append(i < row.Count - 1 ? row[i].PadRight(widths[i] + 2) : row[i]);
            }

            s.Append('\n');
        }
    }
}
