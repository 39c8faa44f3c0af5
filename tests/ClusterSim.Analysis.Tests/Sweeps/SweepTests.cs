using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Scenarios;
using SkiaSharp;

namespace ClusterSim.Analysis.Tests.Sweeps;

public sealed class SweepTests(SweepFixture fixture) : IClassFixture<SweepFixture>
{
    private static readonly double[] Rates = [5, 10, 20];

    private JsonElement SweepJson()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Whole, "sweep.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void A_3x3_sweep_with_3_replications_reports_nonzero_confidence_half_widths()
    {
        Assert.Equal(9, fixture.Plan.PointCount);
        Assert.Equal(27, fixture.Plan.RunCount());
        var points = SweepJson().GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(9, points.Count);
        foreach (var p in points)
        {
            var chat = p.GetProperty("classes").GetProperty("chat");
            foreach (var metric in new[] { "ttft_mean_s", "ttft_p99_s", "tpot_p99_s", "e2e_p50_s", "throughput_rps", "offered_rps" })
            {
                var figure = chat.GetProperty(metric);
                Assert.True(figure.GetProperty("mean").GetDouble() > 0, metric);
                Assert.True(figure.GetProperty("half_width").GetDouble() > 0, $"point {p.GetProperty("index")}: {metric} has no spread");
            }

            Assert.Equal([1UL, 2UL, 3UL], p.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()).ToArray());
        }

        var csv = File.ReadAllLines(Path.Combine(fixture.Whole, "sweep.csv"));
        Assert.Equal(1 + (9 * 2), csv.Length); // header, then chat and overall per point
        Assert.Contains("ttft_p99_s,ttft_p99_s_ci", csv[0]);
    }

    [Fact]
    public void The_offered_rate_intervals_cover_the_configured_arrival_rate()
    {
        // offered_rps = arrivals / (warm-up + duration) estimates the Poisson rate without bias: a
        // quantity known in advance. Each 95 % interval covers it with probability 0.95, so at
        // least 7 of 9 do unless something is wrong (P(fewer) = 0.8 %).
        var covered = 0;
        foreach (var p in SweepJson().GetProperty("points").EnumerateArray())
        {
            var rate = double.Parse(p.GetProperty("values").GetProperty("workloads.chat.arrival.rate").GetString()!, CultureInfo.InvariantCulture);
            var offered = p.GetProperty("classes").GetProperty("chat").GetProperty("offered_rps");
            var (mean, half) = (offered.GetProperty("mean").GetDouble(), offered.GetProperty("half_width").GetDouble());
            Assert.InRange(mean, rate * 0.7, rate * 1.3);
            covered += Math.Abs(mean - rate) <= half ? 1 : 0;
        }

        Assert.InRange(covered, 7, 9);
    }

    [Fact]
    public void At_light_load_the_throughput_intervals_cover_the_configured_arrival_rate()
    {
        // A run that keeps up completes, inside the measured window, about what arrives in it: with
        // rates counted over that window (not diluted by the drain) throughput estimates the arrival
        // rate. Light load: up to 10 req/s and up to 5 req/s per replica (5 points, all meeting the
        // SLO). The fixture's 5 s warm-up outlasts a request's mean latency, so the window starts past the
        // ramp of the first completions (with the 2 s it had, 10 req/s on 2 replicas read low enough to miss
        // its interval once steps grew longer). The mean is bounded loosely, and every interval (3
        // replications, wide) must cover the rate.
        var covered = new List<string>();
        var light = 0;
        foreach (var p in SweepJson().GetProperty("points").EnumerateArray())
        {
            var values = p.GetProperty("values");
            var rate = double.Parse(values.GetProperty("workloads.chat.arrival.rate").GetString()!, CultureInfo.InvariantCulture);
            var replicas = values.GetProperty("deployments.llama-8b.replicas").GetString()!;
            if (rate > 10 || rate / int.Parse(replicas, CultureInfo.InvariantCulture) > 5)
            {
                continue;
            }

            light++;
            var throughput = p.GetProperty("classes").GetProperty("chat").GetProperty("throughput_rps");
            var (mean, half) = (throughput.GetProperty("mean").GetDouble(), throughput.GetProperty("half_width").GetDouble());
            Assert.InRange(mean, rate * 0.55, rate * 1.1);
            if (Math.Abs(mean - rate) <= half)
            {
                covered.Add($"{rate}@{replicas}");
            }
        }

        Assert.Equal(5, light);
        Assert.True(covered.Count == light, $"only {string.Join(", ", covered)} cover their arrival rate");
    }

    [Fact]
    public void Every_run_reports_goodput_as_throughput_times_slo_attainment()
    {
        var runs = File.ReadAllLines(Path.Combine(fixture.Whole, "runs.csv"));
        var header = runs[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var (throughput, goodput, attainment) = (Column("throughput_rps"), Column("goodput_rps"), Column("slo_attainment"));
        Assert.Equal(1 + (27 * 2), runs.Length); // header, then chat and overall per run
        foreach (var line in runs.Skip(1))
        {
            var cells = line.Split(',');
            var t = double.Parse(cells[throughput], CultureInfo.InvariantCulture);
            var g = double.Parse(cells[goodput], CultureInfo.InvariantCulture);

            // Nothing measured leaves attainment empty and goodput zero: no request met the SLO.
            var expected = cells[attainment].Length == 0 ? 0 : t * double.Parse(cells[attainment], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(g - expected) <= 1e-12 * Math.Max(1, expected), $"{line}: goodput {g} is not throughput x attainment = {expected}");
            Assert.True(t > 0, line);
        }
    }

    [Fact]
    public void Each_interval_is_the_student_t_interval_of_the_replications_in_runs_csv()
    {
        var runs = File.ReadAllLines(Path.Combine(fixture.Whole, "runs.csv"));
        var header = runs[0].Split(',');
        var column = Array.IndexOf(header, "ttft_p99_s");
        var values = runs.Skip(1).Select(l => l.Split(','))
            .Where(c => c[0] == "4" && c[5] == "chat")
            .Select(c => double.Parse(c[column], CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(3, values.Length);
        Assert.Equal(3, values.Distinct().Count()); // different seeds, different runs

        var mean = values.Average();
        var s = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 2);
        var half = 4.302653 * s / Math.Sqrt(3); // t(0.975, 2) from the table
        var figure = SweepJson().GetProperty("points")[4].GetProperty("classes").GetProperty("chat").GetProperty("ttft_p99_s");
        Assert.Equal(mean, figure.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(half, figure.GetProperty("half_width").GetDouble(), 6);
    }

    [Fact]
    public void A_sharded_run_merged_equals_the_unsharded_run_byte_for_byte()
    {
        var shardDir = Path.Combine(fixture.Folder, "shards");
        var shardRuns = 0;
        for (var i = 0; i < 3; i++)
        {
            var spec = new ShardSpec(i, 3);
            shardRuns += fixture.Plan.RunCount(spec);

            // One thread here, two for the whole sweep: scheduling must not matter either.
            Sweep.Run(fixture.Plan, spec, parallelism: 1).WriteShard(shardDir);
        }

        Assert.Equal(27, shardRuns);
        var merged = SweepShards.Merge(SweepShards.Find([shardDir]));
        Assert.True(merged.IsComplete);
        var mergedDir = Path.Combine(fixture.Folder, "merged");
        var files = merged.WriteOutputs(mergedDir);
        Assert.Equal(fixture.Files.Select(Path.GetFileName), files.Select(Path.GetFileName));
        foreach (var file in fixture.Files)
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(mergedDir, Path.GetFileName(file)))),
                $"{Path.GetFileName(file)} differs between the merged and the unsharded sweep");
        }
    }

    [Fact]
    public void Merge_refuses_a_missing_shard_a_duplicate_and_a_shard_of_another_sweep()
    {
        var dir = Path.Combine(fixture.Folder, "partial");
        var small = Sweep.Prepare(null, ["run.duration=3s", "workloads.chat.arrival.rate=2,4,6"], replications: 1);
        Sweep.Run(small, new ShardSpec(0, 3)).WriteShard(dir);
        Sweep.Run(small, new ShardSpec(2, 3)).WriteShard(dir);
        var missing = Assert.Throws<SweepInputException>(() => SweepShards.Merge(SweepShards.Find([dir])));
        Assert.Equal(
            ["shard 1/3 is missing (shard-1-of-3.json)", "re-run only these shards ('clustersim sweep ... --shard 1/3', with the same arguments as the others) and merge again"],
            missing.Errors);

        var first = Path.Combine(dir, "shard-0-of-3.json");
        var duplicate = Assert.Throws<SweepInputException>(() => SweepShards.Merge([first, first]));
        Assert.Contains(duplicate.Errors, e => e.Contains("shard 0/3 is also in", StringComparison.Ordinal));

        var other = Sweep.Prepare(null, ["run.duration=3s", "workloads.chat.arrival.rate=2,4,7"], replications: 1);
        var otherDir = Path.Combine(fixture.Folder, "other");
        var otherShard = Sweep.Run(other, new ShardSpec(1, 3)).WriteShard(otherDir);
        var mixed = Assert.Throws<SweepInputException>(() => SweepShards.Merge([first, otherShard, Path.Combine(dir, "shard-2-of-3.json")]));
        Assert.Contains(mixed.Errors, e => e.StartsWith(otherShard + ": belongs to another sweep", StringComparison.Ordinal));

        var garbage = Path.Combine(fixture.Folder, "shard-9-of-9.json");
        File.WriteAllText(garbage, "{\"format\": 3}");
        var bad = Assert.Throws<SweepInputException>(() => SweepShards.Read(garbage));
        Assert.StartsWith(garbage + ": not a valid sweep shard file", Assert.Single(bad.Errors));
    }

    [Fact]
    public void A_bad_value_at_one_point_fails_the_whole_sweep_before_any_run_with_its_place_in_the_argument()
    {
        var ex = Assert.Throws<SweepInputException>(() => Sweep.Prepare(null, ["workloads.chat.arrival.rate=5,-1", "workloads.chat.arival.rate=3,4"]));
        Assert.Equal(
            [
                "--set workloads.chat.arival.rate=3,4:1:16: unknown key 'arival' in 'workloads.chat'; did you mean 'arrival'?",
                "--set workloads.chat.arrival.rate=5,-1:1:31: workloads.chat.arrival.rate: must be greater than 0, got -1",
            ],
            ex.Errors.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Charts_are_valid_png_and_svg_with_their_title_and_series()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["p99-ttft-vs-load"] = ["TTFT p99 against load", "chat, replicas=1", "chat, replicas=2", "chat, replicas=4", "SLO 500 ms (chat)"],
            ["p99-tpot-vs-load"] = ["TPOT p99 against load", "chat, replicas=1", "chat, replicas=4", "SLO 50 ms (chat)"],
            ["pareto-throughput-ttft"] = ["Throughput against TTFT p99 (Pareto)", "sweep points", "Pareto frontier"],
        };
        Assert.Equal(expected.Keys.Order().SelectMany(k => new[] { k + ".png", k + ".svg" }), fixture.Files.Select(Path.GetFileName).Where(f => f!.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal)).Order());
        foreach (var (stem, texts) in expected)
        {
            var svg = XDocument.Load(Path.Combine(fixture.Whole, stem + ".svg"));
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            Assert.Equal("900", svg.Root.Attribute("width")!.Value);
            var shown = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToHashSet();
            foreach (var text in texts)
            {
                Assert.True(shown.Contains(text), $"{stem}.svg lacks '{text}'; it shows: {string.Join(" | ", shown)}");
            }

            Assert.All(svg.Descendants(ns + "text"), t => Assert.Equal("DejaVu Sans", t.Attribute("font-family")!.Value));

            var png = File.ReadAllBytes(Path.Combine(fixture.Whole, stem + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal((900, 560), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void A_knee_lies_between_the_last_load_meeting_the_slo_and_the_first_missing_it()
    {
        var root = SweepJson();
        var points = root.GetProperty("points").EnumerateArray().ToList();
        double P99(string replicas, double rate) => points
            .Single(p => p.GetProperty("values").GetProperty("deployments.llama-8b.replicas").GetString() == replicas
                         && p.GetProperty("values").GetProperty("workloads.chat.arrival.rate").GetString() == rate.ToString(CultureInfo.InvariantCulture))
            .GetProperty("classes").GetProperty("chat").GetProperty("ttft_p99_s").GetProperty("mean").GetDouble();

        var knees = root.GetProperty("knees").EnumerateArray().Where(k => k.GetProperty("metric").GetString() == "ttft_p99_s").ToList();
        Assert.Equal(3, knees.Count); // one per replica count
        foreach (var knee in knees)
        {
            var replicas = knee.GetProperty("others").GetProperty("deployments.llama-8b.replicas").GetString()!;
            var curve = Rates.Select(r => (Rate: r, P99: P99(replicas, r))).ToList();
            var miss = curve.FindIndex(c => c.P99 > 0.5);
            if (knee.GetProperty("load").ValueKind == JsonValueKind.Null)
            {
                Assert.True(miss <= 0, $"replicas={replicas}: a crossing exists but no knee was reported");
                continue;
            }

            var load = knee.GetProperty("load").GetDouble();
            Assert.True(miss > 0);
            Assert.InRange(load, curve[miss - 1].Rate, curve[miss].Rate);
        }
    }

    [Fact]
    public void Rented_cost_follows_the_catalog_rent_names_its_basis_and_is_charted_against_cluster_size()
    {
        var plan = Sweep.Prepare(null, ["run.duration=4s", "run.warmup=1s", "workloads.chat.arrival.rate=10", "facility.costs.mode=rent", "hardware.nodes.dgx-h100.count=1,2"], replications: 1);
        var dir = Path.Combine(fixture.Folder, "cost");
        var files = Sweep.Run(plan).WriteOutputs(dir).Select(Path.GetFileName).ToList();
        Assert.Contains("cost-per-mtok-vs-size.svg", files);
        Assert.DoesNotContain("p99-ttft-vs-load.svg", files); // nothing swept the load

        var rent = Catalog.Default.FindAccelerator("h100-sxm")!.RentUsdPerHour!.Value;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "sweep.json")));
        foreach (var p in doc.RootElement.GetProperty("points").EnumerateArray())
        {
            var nodes = int.Parse(p.GetProperty("values").GetProperty("hardware.nodes.dgx-h100.count").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(nodes * 8, p.GetProperty("accelerators").GetInt64());
            Assert.Equal("rent", p.GetProperty("cost_basis").GetString());
            var overall = p.GetProperty("classes").GetProperty("overall");
            // Rented: every accelerator at its catalog rent, electricity included, nothing else.
            Assert.Equal(nodes * 8 * rent, overall.GetProperty("cost_usd_per_hour").GetProperty("mean").GetDouble(), 9);
            Assert.True(overall.GetProperty("cost_per_mtok_usd").GetProperty("mean").GetDouble() > 0);
        }

        var csv = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        var basis = Array.IndexOf(csv[0].Split(','), "cost_basis");
        Assert.True(basis > 0, csv[0]);
        Assert.All(csv.Skip(1), line => Assert.Equal("rent", line.Split(',')[basis]));

        var svg = XDocument.Load(Path.Combine(dir, "cost-per-mtok-vs-size.svg"));
        Assert.Contains(SweepChartsTitle, svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value.Trim()));
    }

    [Fact]
    public void Default_scenario_sweep_costs_each_point_exactly_as_its_run_does_and_says_it_is_owned()
    {
        // Issue 15: the sweep priced the default scenario at the catalog rent (38 USD/h) while the run
        // said 7 USD/h owned. Now a sweep point's cost is its run's, summary.json's cost section.
        string[] sets = ["run.duration=3s", "run.warmup=1s", "workloads.chat.arrival.rate=6"];
        var plan = Sweep.Prepare(null, [.. sets, "hardware.nodes.dgx-h100.count=1,2"], replications: 1);
        var swept = Sweep.Run(plan);
        var dir = Path.Combine(fixture.Folder, "owned");
        swept.WriteOutputs(dir);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "sweep.json")));
        var price = Catalog.Default.FindAccelerator("h100-sxm")!.PriceUsd!.Value;
        foreach (var p in doc.RootElement.GetProperty("points").EnumerateArray())
        {
            var nodes = p.GetProperty("values").GetProperty("hardware.nodes.dgx-h100.count").GetString()!;
            var scenario = ScenarioLoader.LoadDefault([.. sets, $"hardware.nodes.dgx-h100.count={nodes}"]);
            var seed = p.GetProperty("seeds")[0].GetUInt64();
            var run = ClusterRun.Execute(ScenarioCompiler.Compile(scenario, seed)).Facility!.Cost;
            Assert.Equal("own", p.GetProperty("cost_basis").GetString());
            Assert.Equal("own", run.Basis);
            var overall = p.GetProperty("classes").GetProperty("overall");
            Assert.Equal(run.UsdPerHour, overall.GetProperty("cost_usd_per_hour").GetProperty("mean").GetDouble());
            Assert.Equal(run.UsdPerMillionOutputTokens!.Value, overall.GetProperty("cost_per_mtok_usd").GetProperty("mean").GetDouble());

            // Owned, by hand: the accelerators' catalog price over 4 years of 8,760 h is the capital part of the
            // hour (no server price in the default scenario), and electricity comes on top.
            var accelerators = int.Parse(nodes, CultureInfo.InvariantCulture) * 8;
            var capitalPerHour = accelerators * price / (4 * 8760.0);
            Assert.Equal(capitalPerHour, run.CapexUsd / (run.DurationS / 3600), 9);
            Assert.True(run.UsdPerHour > capitalPerHour && run.EnergyUsd > 0);
        }
    }

    [Fact]
    public void The_same_sweep_gives_the_same_bytes_whatever_the_parallelism()
    {
        var plan = Sweep.Prepare(null, ["run.duration=3s", "workloads.chat.arrival.rate=4,8"], replications: 2);
        var one = Sweep.Run(plan, parallelism: 1).WriteOutputs(Path.Combine(fixture.Folder, "p1"));
        var two = Sweep.Run(plan, parallelism: 2, runner: new ReversedOrderRunner()).WriteOutputs(Path.Combine(fixture.Folder, "p2"));
        foreach (var (a, b) in one.Zip(two))
        {
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), Path.GetFileName(a));
        }
    }

    private const string SweepChartsTitle = "Cost per million output tokens against cluster size";

    /// <summary>Delays early runs so that runs finish out of order.</summary>
    private sealed class ReversedOrderRunner : IScenarioRunner
    {
        private int _calls;

        public ServingResult Run(Scenario scenario, ulong seed)
        {
            if (Interlocked.Increment(ref _calls) <= 2)
            {
                Thread.Sleep(50);
            }

            return IScenarioRunner.Simulation.Run(scenario, seed);
        }
    }
}
