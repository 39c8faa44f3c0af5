using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClusterSim.Analysis.Explore;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Analysis.Tests.Charts;
using ClusterSim.Analysis.Tests.Lessons;
using ClusterSim.Analysis.Tests.Report;
using ClusterSim.Model.Runs;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Explore;

/// <summary>The explorer: its grid and errors, what the page embeds, its size, and the page in a real browser.</summary>
public sealed partial class ExplorerTests
{
    private static readonly string Batching = LessonRun.PathOf("01-batching.yaml");

    [Fact]
    public void A_misspelt_vary_path_is_located_in_the_argument_with_a_suggestion()
    {
        var ex = Assert.Throws<SweepInputException>(() => Explorer.Prepare(Batching, ["workloads.chat.arival.rate=1,2"]));
        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("--vary workloads.chat.arival.rate=1,2:1:16:", error);
        Assert.Contains("did you mean 'arrival'", error);
    }

    [Fact]
    public void A_vary_with_one_value_or_no_equals_sign_is_refused_with_its_argument()
    {
        var one = Assert.Throws<SweepInputException>(() => Explorer.Prepare(Batching, ["workloads.chat.arrival.rate=1"]));
        Assert.StartsWith("--vary workloads.chat.arrival.rate=1:1:", Assert.Single(one.Errors));
        var bare = Assert.Throws<SweepInputException>(() => Explorer.Prepare(Batching, ["rate"]));
        Assert.StartsWith("--vary rate:1:1:", Assert.Single(bare.Errors));
        Assert.Throws<SweepInputException>(() => Explorer.Prepare(Batching, []));
    }

    [Fact]
    public void Each_point_embeds_the_figures_of_a_plain_run_and_the_iterations_of_its_first_seconds()
    {
        var plan = Explorer.Prepare(Batching, ["workloads.chat.arrival.rate=2,8"], ["run.duration=10s"], windowSeconds: 1);
        var data = Data(Explorer.Run(plan, parallelism: 2).Html());
        var points = data["points"]!.AsArray();
        Assert.Equal(2, points.Count);

        // Independent truth: the same point run directly, and its iterations counted by a plain observer.
        var scenario = LessonRun.Load("01-batching.yaml", "run.duration=10s", "workloads.chat.arrival.rate=8");
        var counter = new WindowCounter(1_000_000_000);
        var direct = ClusterRun.Execute(ScenarioCompiler.Compile(scenario), null, counter);
        var figures = data["figures"]!.AsArray().Select(f => (string)f!).ToList();
        var p99 = (double)points[1]!["f"]![figures.IndexOf("ttft_p99_s")]!;
        Assert.Equal(direct.Overall.Ttft.ValueAtPercentile(99) / 1e9, p99, 3);
        var rate = (double)points[1]!["f"]![figures.IndexOf("throughput_rps")]!;
        Assert.Equal(direct.Overall.ThroughputRps(direct.MeasuredSeconds), rate, 3);
        var iterations = points[1]!["it"]!.AsArray();
        Assert.Equal(counter.Iterations * 6, iterations.Count);
        Assert.Equal(counter.Sequences, Enumerable.Range(0, iterations.Count / 6).Sum(i => (long)iterations[6 * i + 3]! + (long)iterations[6 * i + 4]!));
        Assert.Equal(1_000_000, (long)points[1]!["w"]!);
        Assert.True((long)points[1]!["f"]!.AsArray().Count == figures.Count);
    }

    [Fact]
    public void An_image_class_embeds_its_own_figures_and_its_steps_where_a_text_page_has_its_rows()
    {
        // Before, a scenario without text classes gave a page of "no data": its figures are the text overall row's. Lesson 8's
        // image GPU now gives its class's time in system, rate served, share within its SLO and share turned away, each as
        // the same point run directly gives them, and its denoising steps in the animation (a batch of its requests, -1 as
        // the prompt tokens), counted by a plain observer of the same window.
        var plan = Explorer.Prepare(LessonRun.PathOf("08-queueing.yaml"), ["workloads.images.arrival.rate=0.2,0.5"], ["run.duration=30m"], windowSeconds: 20);
        var data = Data(Explorer.Run(plan, parallelism: 2).Html());
        Assert.False((bool)data["text"]!);
        var kinds = data["kinds"]!.AsArray();
        Assert.Equal(("images", "image", "end to end"), ((string)kinds.Single()!["name"]!, (string)kinds[0]!["kind"]!, (string)kinds[0]!["lat"]!));
        var names = data["kindFigures"]!.AsArray().Select(f => (string)f!).ToList();
        var point = data["points"]!.AsArray()[1]!;
        double K(string name) => (double)point["k"]![names.IndexOf(name)]!;

        var counter = new StepCounter(20_000_000_000);
        var direct = LessonRun.Run("08-queueing.yaml", [counter], "run.duration=30m", "workloads.images.arrival.rate=0.5");
        var images = direct.Kinds.Single().Classes.Single();
        Assert.Equal(images.TimeInSystem!.P50, K("latency_p50_s"), 3);
        Assert.Equal(images.TimeInSystem.P99, K("latency_p99_s"), 3);
        Assert.Equal(images.ServedPerSecond, K("served_rps"), 3);
        Assert.Equal(images.SloAttainment, K("slo_attainment"), 3);
        Assert.Equal((double)images.Refused / images.Arrived, K("refused_share"), 3);
        Assert.True(images.SloAttainment is > 0.2 and < 0.99, $"at rho 0.7 some images miss their deadline and some meet it ({images.SloAttainment})");

        var steps = point["it"]!.AsArray().Select(v => (long)v!).Chunk(6).ToList();
        Assert.Equal(counter.Steps, steps.Count);
        Assert.All(steps, st => Assert.Equal(-1, st[5]));
        Assert.Equal(counter.Requests, steps.Sum(st => st[4]));
        Assert.Equal(counter.Waiting, steps.Sum(st => st[3]));
        Assert.True(counter.Waiting > 0, "at rho 0.7 images queue behind the one in service");
        Assert.True(point["ar"]!.AsArray().Count > 0, "requests arrive in the window");
    }

    [Fact]
    public void An_avatar_class_shows_its_frames_latency()
    {
        var plan = Explorer.Prepare(Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml"), ["workloads.avatars.arrival.rate=0.05,0.2"],
            ["run.duration=20m", "run.warmup=2m"], windowSeconds: 1);
        var data = Data(Explorer.Run(plan, parallelism: 2).Html());
        var kind = data["kinds"]!.AsArray().Single()!;
        Assert.Equal(("avatar", "frame latency"), ((string)kind["kind"]!, (string)kind["lat"]!));
        var direct = ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(Path.Combine(SmallRun.RepoRoot, "scenarios", "avatar-streaming.yaml"),
            ["run.duration=20m", "run.warmup=2m", "workloads.avatars.arrival.rate=0.2"])));
        var avatars = direct.Kinds.Single().Classes.Single();
        var names = data["kindFigures"]!.AsArray().Select(f => (string)f!).ToList();
        var k = data["points"]!.AsArray()[1]!["k"]!.AsArray();
        Assert.Equal(avatars.Histograms["frame_latency_s"].ValueAtPercentile(99) / 1e9, (double)k[names.IndexOf("latency_p99_s")]!, 3);
        Assert.Equal((double)avatars.Refused / avatars.Arrived, (double)k[names.IndexOf("refused_share")]!, 3);
        Assert.Null(k[names.IndexOf("served_rps")]);
    }

    [Fact]
    public void A_five_by_five_grid_of_an_eight_replica_lesson_stays_under_five_megabytes()
    {
        var plan = Explorer.Prepare(
            LessonRun.PathOf("06-routing-bursts.yaml"),
            ["workloads.chat.arrival.rate=4,6,8,10,12", "deployments.llama-8b.max_batch=4,8,16,32,64"],
            ["run.duration=10s"],
            windowSeconds: 10);
        Assert.Equal(25, plan.PointCount);
        var html = Explorer.Run(plan).Html();
        var bytes = System.Text.Encoding.UTF8.GetByteCount(html);
        Assert.True(bytes < 5_000_000, $"explore.html is {bytes:N0} bytes");

        // Bounded by the iteration cap, not by luck: the busiest point hit it.
        Assert.Contains(Data(html)["points"]!.AsArray(), p => p!["it"]!.AsArray().Count == 6 * FrameRecorder.MaxIterations);
    }

    [Fact]
    public void Writing_replaces_only_explore_html_and_leaves_other_files_alone()
    {
        var dir = Directory.CreateTempSubdirectory("clustersim-explore-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "mine");
            var plan = Explorer.Prepare(Batching, ["workloads.chat.arrival.rate=1,2"], ["run.duration=5s"]);
            var path = Explorer.Write(Explorer.Run(plan, 1), dir.FullName);
            Assert.Equal(Path.Combine(dir.FullName, "explore.html"), path);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(dir.FullName, "notes.txt")));
            Assert.DoesNotContain(Directory.GetFiles(dir.FullName), f => f.EndsWith(".partial", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [ChromiumFact]
    public Task Moving_a_slider_redraws_the_charts_from_a_file_url_with_no_console_error_or_network_request()
        => OnPage(Explorer.Prepare(Batching, ["workloads.chat.arrival.rate=1,4,12", "policies.batching=continuous,{name: static, max_batch: 16, timeout: 1s}"], ["run.duration=20s"]), async browser =>
        {
            const string Snapshot = "JSON.stringify({charts: document.getElementById('charts').innerHTML, trends: document.getElementById('trends').innerHTML, sliders: document.querySelectorAll('input[type=range]').length, bars: document.querySelectorAll('#latency rect').length})";
            var before = JsonNode.Parse((string)(await browser.Evaluate(Snapshot))!)!;
            Assert.Equal(2, (int)before["sliders"]!);
            Assert.True((int)before["bars"]! >= 6, "the latency chart draws its bars");

            // Move the batching slider to static, as a user dragging it would (an input event).
            await browser.Evaluate("(() => { const s = document.getElementById('slider1'); s.value = 1; s.dispatchEvent(new Event('input')); })()");
            var after = JsonNode.Parse((string)(await browser.Evaluate(Snapshot))!)!;
            Assert.NotEqual((string)before["charts"]!, (string)after["charts"]!);
            Assert.NotEqual((string)before["trends"]!, (string)after["trends"]!);
            Assert.Equal("{name: static, max_batch: 16, timeout: 1s}", (string?)await browser.Evaluate("document.getElementById('value1').textContent"));

            // The animation runs: the clock line advances.
            var (clock1, clock2) = await ClockTicks(browser);

            Assert.StartsWith("t = ", clock2);
            Assert.NotEqual(clock1, clock2);
        });

    [ChromiumFact]
    public Task A_page_without_text_classes_draws_its_image_class_and_animates_its_steps_with_no_console_error()
        => OnPage(Explorer.Prepare(LessonRun.PathOf("08-queueing.yaml"), ["workloads.images.arrival.rate=0.2,0.5"], ["run.duration=30m"], windowSeconds: 20), async browser =>
        {
            const string Snapshot = "JSON.stringify({bars: document.querySelectorAll('#latency rect').length, trends: [...document.querySelectorAll('#trends svg > text:first-child')].map(t => t.textContent), rows: document.getElementById('figures').textContent})";
            var page = JsonNode.Parse((string)(await browser.Evaluate(Snapshot))!)!;

            // Its median and p99 time in system as bars; its p99, its share within the SLO and the utilization as trends; no text figure.
            Assert.Equal(2, (int)page["bars"]!);
            Assert.Equal(["images: end to end p99", "images: within its SLO", "Accelerator utilization"], page["trends"]!.AsArray().Select(t => (string)t!));
            Assert.Contains("images served", (string)page["rows"]!);
            Assert.DoesNotContain("Output tokens", (string)page["rows"]!);

            // The animation runs over the image steps: the clock advances.
            var (clock1, clock2) = await ClockTicks(browser);

            Assert.NotEqual(clock1, clock2);
        });

    /// <summary>
    /// Runs <paramref name="plan"/>, writes its page to a folder of its own, opens it from its file URL in headless Chromium
    /// and runs <paramref name="check"/> on it; then the page must have logged no error and fetched nothing but itself.
    /// </summary>
    private static async Task OnPage(ExplorePlan plan, Func<HeadlessChromium, Task> check)
    {
        var dir = Directory.CreateTempSubdirectory("clustersim-explore-");
        try
        {
            var url = new Uri(Explorer.Write(Explorer.Run(plan), dir.FullName)).AbsoluteUri;
            await using var browser = await HeadlessChromium.Start();
            await browser.Open(url);
            await check(browser);

            Assert.Empty(browser.Problems);
            Assert.Empty(browser.StderrConsoleLines());
            Assert.Equal([url], browser.Requests.Distinct());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The animation's clock line, read and read again until it changes: polled for up to 6 s, since a loaded machine may
    /// hold animation frames back (a fixed 600 ms wait failed once while two builds ran beside the test).
    /// </summary>
    private static async Task<(string? Before, string? After)> ClockTicks(HeadlessChromium browser)
    {
        var before = (string?)await browser.Evaluate("document.getElementById('clock').textContent");
        var after = before;
        for (var i = 0; i < 20 && after == before; i++)
        {
            await browser.Evaluate("new Promise(r => setTimeout(r, 300))");
            after = (string?)await browser.Evaluate("document.getElementById('clock').textContent");
        }

        return (before, after);
    }

    private static JsonNode Data(string html)
        => JsonNode.Parse(DataElement().Match(html).Groups[1].Value)!;

    [GeneratedRegex("<script id=\"data\" type=\"application/json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();

    private sealed class StepCounter(long windowNs) : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public long Steps { get; private set; }

        public long Requests { get; private set; }

        public long Waiting { get; private set; }

        public void OnStep(Model.Serving.IServingReplica replica, string kind, long startNs, long endNs, int batch, int waiting)
        {
            if (startNs < windowNs)
            {
                Steps++;
                Requests += batch;
                Waiting += waiting;
            }
        }
    }

    private sealed class WindowCounter(long windowNs) : IRunObserver
    {
        public RunEvents Events => RunEvents.Iterations;

        public long Iterations { get; private set; }

        public long Sequences { get; private set; }

        public void OnIteration(Model.Serving.Replica replica, long startNs, long endNs, in Model.Serving.BatchShape shape)
        {
            if (startNs < windowNs)
            {
                Iterations++;
                Sequences += shape.Sequences;
            }
        }
    }
}
