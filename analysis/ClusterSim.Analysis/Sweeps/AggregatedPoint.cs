using ClusterSim.Analysis.Statistics;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// A point's figures across its replications: <c>Intervals[row][metric]</c>, rows being the
/// point's classes then <see cref="SweepMetrics.Overall"/>.
/// </summary>
internal sealed record AggregatedPoint(PointInfo Info, IReadOnlyList<string> Rows, IReadOnlyList<ConfidenceInterval[]> Intervals)
{
    public static AggregatedPoint From(PointResult point, double confidence)
    {
        var rows = point.Info.Classes.Select(c => c.Name).Append(SweepMetrics.Overall).ToList();
        var intervals = new List<ConfidenceInterval[]>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new ConfidenceInterval[SweepMetrics.Names.Count];
            for (var m = 0; m < row.Length; m++)
            {
                row[m] = Replications.Interval(point.Runs.Select(run => run.Values[r][m]).ToArray(), confidence);
            }

            intervals.Add(row);
        }

        return new AggregatedPoint(point.Info, rows, intervals);
    }

    /// <summary>The interval of <paramref name="metric"/> on row <paramref name="row"/>, or null when the point has no such row.</summary>
    public ConfidenceInterval? Get(string row, string metric)
    {
        var r = -1;
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i] == row)
            {
                r = i;
                break;
            }
        }

        return r < 0 ? null : Intervals[r][SweepMetrics.IndexOf(metric)];
    }
}
