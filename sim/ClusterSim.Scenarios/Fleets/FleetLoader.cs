using System.Globalization;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Fleets;

/// <summary>
/// Reads fleet files. Every problem is collected and thrown as one <see cref="ScenarioException"/>,
/// located <c>file:line:col</c> as scenario errors are; the clusters' scenarios are not loaded here
/// (the fleet runner loads each with its overrides, so their errors are located in their own files).
/// </summary>
/// <remarks>
/// <code>
/// name: fleet-8
/// seed: 1
/// front_door: {workload: chat, mean_rate: 400, split: diurnal, peak_to_trough: 3, peak_local: 14h}
/// sites:
///   us-east: {scenario: ../default.yaml, clusters: 2, share: 0.3, utc_offset: -5, set: {run.duration: 10m}}
/// </code>
/// </remarks>
public static class FleetLoader
{
    // The keys each mapping allows; FleetJsonSchema describes exactly these (a test holds them together).
    internal static readonly string[] RootKeys = ["name", "seed", "front_door", "sites"];
    internal static readonly string[] DoorKeys = ["workload", "mean_rate", "split", "peak_to_trough", "peak_local"];
    internal static readonly string[] SiteKeys = ["scenario", "clusters", "share", "utc_offset", "set"];

    /// <summary>Site names: they name output rows and files.</summary>
    internal const string SiteNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    /// <summary>Largest number of clusters one site may have.</summary>
    internal const int MaxClustersPerSite = 100_000;

    /// <summary>Loads and checks a fleet file.</summary>
    public static FleetSpec Load(string path)
    {
        var text = InputFile.Read(path, "fleet file");

        return Parse(text, path);
    }

    /// <summary>
    /// Whether <paramref name="text"/> is meant as a fleet rather than a scenario: its top level has
    /// <c>sites</c> or <c>front_door</c>, keys no scenario has. Text that is not YAML is no fleet
    /// (the scenario loader then reports its syntax errors).
    /// </summary>
    public static bool IsFleet(string text)
        => YamlReader.Read(text, new Source("(probe)", 0), new Diagnostics()) is MappingNode map
           && (map.Get("sites") is not null || map.Get("front_door") is not null);

    /// <summary>Checks fleet text; <paramref name="path"/> names it in errors and anchors relative scenario paths.</summary>
    public static FleetSpec Parse(string text, string path)
    {
        var d = new Diagnostics();
        var root = YamlReader.Read(text, new Source(path, 0), d);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        FleetSpec? fleet = null;
        if (root is not MappingNode map)
        {
            if (root is not null)
            {
                d.Error(root, "a fleet file is a mapping with name, seed, front_door and sites");
            }
        }
        else
        {
            fleet = Read(map, full, folder, d);
        }

        d.ThrowIfAny();
        return fleet ?? throw new ScenarioException([new ScenarioError(path, 0, 0, "empty fleet file: expected name, seed, front_door and sites")]);
    }

    private static FleetSpec? Read(MappingNode map, string full, string folder, Diagnostics d)
    {
        Keys(map, RootKeys, d);
        var name = map.Get("name") is { } n ? String(n, d) : Path.GetFileNameWithoutExtension(full);
        var seed = map.Get("seed") is { } s ? Number(s, d, 0, 1e15, integer: true) : 1;
        var door = Door(Required(map, "front_door", d) as MappingNode ?? Bad(map.Get("front_door"), "a mapping", d), d);
        if (Required(map, "sites", d) is not { } sitesNode)
        {
            return null;
        }

        if (sitesNode is not MappingNode sites || sites.Entries.Count == 0)
        {
            d.Error(sitesNode, "sites: expected a mapping of site names to {scenario, clusters, share, utc_offset, set}, with at least one site");
            return null;
        }

        var raw = new List<(string Site, string Scenario, int Count, double Share, double Offset, List<string> Sets, List<SetOrigin?> Origins)>();
        foreach (var entry in sites.Entries)
        {
            var site = entry.Key.Value;
            if (!System.Text.RegularExpressions.Regex.IsMatch(site, SiteNamePattern))
            {
                d.Error(entry.Key, $"site name '{site}': use letters, digits, '.', '_' and '-' (it names output rows and files)");
            }

            if (entry.Value is not MappingNode m)
            {
                d.Error(entry.Value, $"sites.{site}: expected a mapping with scenario, clusters, share, utc_offset and set");
                continue;
            }

            Keys(m, SiteKeys, d);
            var scenario = Required(m, "scenario", d) is { } sc ? String(sc, d) : null;
            if (scenario is not null && !File.Exists(Path.Combine(folder, scenario)))
            {
                d.Error(m.Get("scenario")!, $"scenario file '{scenario}' not found (relative to the fleet file's folder {folder})");
                scenario = null;
            }

            var count = m.Get("clusters") is { } c ? (int)Number(c, d, 1, MaxClustersPerSite, integer: true) : 1;
            var share = m.Get("share") is { } sh ? Number(sh, d, 0, 1e9, exclusiveMin: true) : 1.0;
            var offset = m.Get("utc_offset") is { } o ? Number(o, d, -12, 14) : 0.0;
            var sets = new List<string>();
            var origins = new List<SetOrigin?>();
            if (m.Get("set") is { } setNode)
            {
                if (setNode is not MappingNode setMap)
                {
                    d.Error(setNode, "set: expected a mapping of scenario paths to values, as --set PATH=VALUE (e.g. hardware.nodes.dgx.count: 125)");
                }
                else
                {
                    foreach (var e in setMap.Entries)
                    {
                        if (e.Value is ScalarNode v)
                        {
                            sets.Add($"{e.Key.Value}={(v.IsPlain ? v.Value : Quote(v.Value))}");
                            origins.Add(new SetOrigin(e.Key.Source.Name, e.Key.Line, e.Key.Column, v.Line, v.Column, Verbatim: true));
                        }
                        else
                        {
                            d.Error(e.Value, $"set.{e.Key.Value}: expected a single value; set a nested key by its path (e.g. {e.Key.Value}.count: 4)");
                        }
                    }
                }
            }

            if (scenario is not null)
            {
                raw.Add((site, Path.GetFullPath(Path.Combine(folder, scenario)), count, share, offset, sets, origins));
            }
        }

        if (door is null || d.Count > 0)
        {
            return null;
        }

        // The front door's arrivals override each scenario's workload: an error there is about the workload named.
        var workloadNode = (map.Get("front_door") as MappingNode)?.Get("workload");
        SetOrigin? doorOrigin = workloadNode is null ? null : new SetOrigin(workloadNode.Source.Name, workloadNode.Line, workloadNode.Column, workloadNode.Line, workloadNode.Column, Verbatim: false);
        var shareSum = raw.Sum(r => r.Share * r.Count);
        var clusters = new List<FleetClusterSpec>();
        var seeds = (ulong)seed;
        foreach (var r in raw)
        {
            var rate = door.MeanRate * r.Share / shareSum;
            for (var k = 0; k < r.Count; k++)
            {
                var index = clusters.Count;
                var clusterName = r.Count == 1 ? r.Site : string.Create(CultureInfo.InvariantCulture, $"{r.Site}-{k}");
                var sets = new List<string>(r.Sets) { Arrival(door, rate, r.Offset), string.Create(CultureInfo.InvariantCulture, $"run.seed={seeds + (ulong)index}") };
                clusters.Add(new FleetClusterSpec(index, clusterName, r.Site, r.Scenario, sets, rate, r.Offset) { SetOrigins = [.. r.Origins, doorOrigin, null] });
            }
        }

        return new FleetSpec(name ?? "fleet", full, seeds, door, clusters);
    }

    /// <summary>The override that gives a cluster its share of the front door's traffic.</summary>
    private static string Arrival(FrontDoorSpec door, double rate, double utcOffsetHours)
    {
        var r = rate.ToString("R", CultureInfo.InvariantCulture);
        if (door.Split == FrontDoorSplit.Shares)
        {
            return $"workloads.{door.Workload}.arrival={{kind: poisson, rate: {r}}}";
        }

        // Local peak time in UTC: a site at UTC-5 peaks at 14:00 local = 19:00 UTC, so the sinusoids
        // of the sites are shifted against each other and the fleet's total is flatter than each.
        const double Day = 86_400;
        var peakUtc = ((door.PeakLocalSeconds - (utcOffsetHours * 3600)) % Day + Day) % Day;
        return string.Create(CultureInfo.InvariantCulture,
            $"workloads.{door.Workload}.arrival={{kind: diurnal, mean_rate: {r}, peak_to_trough: {door.PeakToTrough:R}, period: 24h, peak_at: {peakUtc:R}}}");
    }

    private static FrontDoorSpec? Door(MappingNode? m, Diagnostics d)
    {
        if (m is null)
        {
            return null;
        }

        Keys(m, DoorKeys, d);
        var workload = Required(m, "workload", d) is { } w ? String(w, d) : null;
        var rate = Required(m, "mean_rate", d) is { } r ? Number(r, d, 0, 1e9, exclusiveMin: true) : double.NaN;
        var split = FrontDoorSplit.Shares;
        if (m.Get("split") is ScalarNode { Value: var sv } splitNode)
        {
            switch (sv)
            {
                case "shares": split = FrontDoorSplit.Shares; break;
                case "diurnal": split = FrontDoorSplit.Diurnal; break;
                default: d.Error(splitNode, $"split: '{sv}' is not a split; expected shares (fixed shares, Poisson) or diurnal (a daily curve in each site's local time)"); break;
            }
        }

        var ratio = m.Get("peak_to_trough") is { } p ? Number(p, d, 1, 1e6) : 3.0;
        var peak = 14 * 3600.0;
        if (m.Get("peak_local") is { } pl)
        {
            if (pl is ScalarNode ps && Durations.TryParse(ps, out var seconds) && seconds is >= 0 and < 86_400)
            {
                peak = seconds;
            }
            else
            {
                d.Error(pl, "peak_local: expected a time of day as a duration after midnight, 0 to 24h (e.g. 14h or 13.5h)");
            }
        }

        if (split == FrontDoorSplit.Shares && (m.Get("peak_to_trough") ?? m.Get("peak_local")) is { } unused)
        {
            d.Error(unused, "peak_to_trough and peak_local shape the diurnal split; with split: shares they would be ignored (remove them or use split: diurnal)");
        }

        return workload is null || double.IsNaN(rate) ? null : new FrontDoorSpec(workload, rate, split, ratio, peak);
    }

    private static void Keys(MappingNode m, string[] allowed, Diagnostics d)
    {
        foreach (var e in m.Entries.Where(e => !allowed.Contains(e.Key.Value)))
        {
            var near = Suggest.Closest(e.Key.Value, allowed);
            d.Error(e.Key, $"unknown key '{e.Key.Value}'{(near is null ? "" : $"; did you mean '{near}'?")} (expected {string.Join(", ", allowed)})");
        }
    }

    private static Node? Required(MappingNode m, string key, Diagnostics d)
    {
        var node = m.Get(key);
        if (node is null)
        {
            d.Error(m.Source, m.Line, m.Column, $"missing '{key}'");
        }

        return node;
    }

    private static MappingNode? Bad(Node? node, string expected, Diagnostics d)
    {
        if (node is not null)
        {
            d.Error(node, $"expected {expected}, got {node.Describe()}");
        }

        return null;
    }

    private static string? String(Node node, Diagnostics d)
    {
        if (node is ScalarNode { IsNull: false } s)
        {
            return s.Value;
        }

        d.Error(node, $"expected a string, got {node.Describe()}");
        return null;
    }

    private static double Number(Node node, Diagnostics d, double min, double max, bool integer = false, bool exclusiveMin = false)
    {
        if (node is ScalarNode s && Scalars.IsNumber(s, out var v) && (exclusiveMin ? v > min : v >= min) && v <= max && (!integer || v == Math.Floor(v)))
        {
            return v;
        }

        d.Error(node, string.Create(CultureInfo.InvariantCulture,
            $"expected {(integer ? "a whole number" : "a number")} {(exclusiveMin ? "above" : "from")} {min} {(exclusiveMin ? "up to" : "to")} {max}, got {node.Describe()}"));
        return min;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
