namespace ClusterSim.Model.Performance;

/// <summary>
/// Measured NCCL collective times (the Vidur network profiles, scenarios/profiles/vidur_*_dgx_*.csv), interpolated
/// log-log in message size. The `size` column is bytes: Vidur's profiler records `size * 2  # bytes` for its fp16
/// buffers (microsoft/vidur, vidur/profiling/collectives/collectives_wrapper.py).
/// </summary>
public sealed class CollectiveCostTable : ICollectiveCost
{
    // (workers, devices per node) -> sizes in bytes and median seconds, sorted by size.
    private readonly Dictionary<(int Workers, int PerNode), Series> _allReduce;
    private readonly Dictionary<(int Workers, int PerNode), Series> _sendRecv;

    private CollectiveCostTable(Dictionary<(int, int), Series> allReduce, Dictionary<(int, int), Series> sendRecv)
    {
        _allReduce = allReduce;
        _sendRecv = sendRecv;
    }

    /// <summary>Group shapes with all-reduce measurements: (workers, devices per node).</summary>
    public IReadOnlyCollection<(int Workers, int PerNode)> AllReduceGroups => _allReduce.Keys;

    public static CollectiveCostTable Load(string allReducePath, string? sendRecvPath = null)
    {
        using var allReduce = OpenOrThrow(allReducePath);
        using var sendRecv = sendRecvPath is null ? null : OpenOrThrow(sendRecvPath);
        return Parse(allReduce, allReducePath, sendRecv, sendRecvPath);
    }

    public static CollectiveCostTable Parse(TextReader allReduce, string allReduceSource, TextReader? sendRecv = null, string? sendRecvSource = null)
    {
        var reduce = ReadSeries(allReduce, allReduceSource, "all_reduce");
        var send = sendRecv is null ? new Dictionary<(int, int), Series>() : ReadSeries(sendRecv, sendRecvSource ?? "send_recv", "send_recv");
        return new CollectiveCostTable(reduce, send);
    }

    /// <summary>Measured (bytes, median seconds) points of one all-reduce group shape, for fitting link models.</summary>
    public IReadOnlyList<(double Bytes, double Seconds)> AllReducePoints(int workers, int perNode)
        => _allReduce.TryGetValue((workers, perNode), out var series)
            ? series.Bytes.Zip(series.Seconds, (b, s) => (b, s)).ToArray()
            : [];

    public bool SupportsAllReduce(int ranks, bool spansNodes) => ranks <= 1 || FindAllReduce(ranks, spansNodes) is not null;

    public double AllReduceSeconds(double bytes, int ranks, bool spansNodes)
    {
        if (ranks <= 1)
        {
            return 0;
        }

        var series = FindAllReduce(ranks, spansNodes) ?? throw new ArgumentException(
            $"no all-reduce measurement for {ranks} ranks{(spansNodes ? " across nodes" : " in one node")}; measured groups: " +
            string.Join(", ", _allReduce.Keys.OrderBy(k => k).Select(k => $"{k.Workers} ranks/{k.PerNode} per node")));
        return series.Interpolate(bytes);
    }

    public double SendRecvSeconds(double bytes, bool crossNode)
    {
        // Vidur measures send/recv between 2 workers: 1 device per node is across nodes, 2 per node within one.
        if (!_sendRecv.TryGetValue((2, crossNode ? 1 : 2), out var series))
        {
            throw new ArgumentException($"no send/recv measurement {(crossNode ? "across nodes" : "within a node")}");
        }

        return series.Interpolate(bytes);
    }

    private Series? FindAllReduce(int ranks, bool spansNodes)
    {
        if (!spansNodes)
        {
            return _allReduce.GetValueOrDefault((ranks, ranks));
        }

        // Across nodes: the measured layout with the most devices per node, as a replica would be packed.
        Series? best = null;
        var bestPerNode = 0;
        foreach (var ((workers, perNode), series) in _allReduce)
        {
            if (workers == ranks && perNode < ranks && perNode > bestPerNode)
            {
                best = series;
                bestPerNode = perNode;
            }
        }

        return best;
    }

    private static StreamReader OpenOrThrow(string path)
        => File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"{path}: collective profile not found", path);

    private static Dictionary<(int, int), Series> ReadSeries(TextReader reader, string source, string collective)
    {
        var table = CsvTable.Read(reader, source);
        var median = table.Column($"time_stats.{collective}.median");
        var workers = table.Column("num_workers");
        var perNode = table.Column("devices_per_node");
        var size = table.Column("size");
        var points = new Dictionary<(int, int), SortedDictionary<double, (double Sum, int Count)>>();
        foreach (var (line, cells) in table.Rows)
        {
            var key = (table.Integer(line, cells, workers), table.Integer(line, cells, perNode));
            var bytes = table.Number(line, cells, size);
            var seconds = table.Number(line, cells, median) * 1e-3;
            if (bytes <= 0 || seconds <= 0)
            {
                throw new FormatException(
                    $"{source}:{line}:{CsvTable.ColumnPosition(cells, bytes <= 0 ? size : median)}: expected a positive size and time");
            }

            if (!points.TryGetValue(key, out var bySize))
            {
                points[key] = bySize = new SortedDictionary<double, (double, int)>();
            }

            // Some sizes were measured twice: keep their mean.
            bySize[bytes] = bySize.TryGetValue(bytes, out var acc) ? (acc.Sum + seconds, acc.Count + 1) : (seconds, 1);
        }

        if (points.Count == 0)
        {
            throw new FormatException($"{source}:2:1: expected at least one measurement row");
        }

        return points.ToDictionary(
            p => p.Key,
            p => new Series(p.Value.Keys.ToArray(), p.Value.Values.Select(v => v.Sum / v.Count).ToArray()));
    }

    private sealed class Series(double[] bytes, double[] seconds)
    {
        public double[] Bytes { get; } = bytes;

        public double[] Seconds { get; } = seconds;

        public double Interpolate(double bytes)
        {
            if (bytes <= Bytes[0])
            {
                // Below the smallest message the cost is latency: it does not shrink further.
                return Seconds[0];
            }

            var last = Bytes.Length - 1;
            if (bytes >= Bytes[last])
            {
                // Above the largest message the cost is bandwidth: it grows in proportion.
                return Seconds[last] * bytes / Bytes[last];
            }

            return LogLogInterpolation.Inside(Bytes, Seconds, bytes);
        }
    }
}
