namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A scenario's `measured:` section (what the real system measured, for `clustersim accuracy`) binds in the file's order
/// with durations in seconds, and a wrong one is refused where it is written, with what was expected.
/// </summary>
public sealed class MeasuredSectionTests
{
    private static Scenario Load(string measured, string? yaml = null)
        => ScenarioLoader.Parse((yaml ?? MalformedCases.Base) + measured, "test.yaml", MalformedCases.Folder, null, Fixtures.Catalog);

    private static List<string> Errors(string measured, string? yaml = null) => Fixtures.Errors((yaml ?? MalformedCases.Base) + measured, MalformedCases.Folder);

    private const string Figures = """
        measured:
          source: "a benchmark"
          figures:
            ttft_p99: {value: 453ms, within: 0.35}
            output_tokens_per_s: 31302.7
            tpot_p50: 0.1243
            capacity_rps: {value: 100.35, within: 0.1}
        """;

    [Fact]
    public void Figures_bind_in_the_files_order_with_durations_in_seconds_and_the_only_text_workload()
    {
        var measured = Load(Figures).Measured!;

        Assert.Equal("a benchmark", measured.Source);
        Assert.Equal(MeasuredRole.Check, measured.Role);
        Assert.Equal("chat", measured.Workload);
        Assert.Equal(
            [new MeasuredFigure("ttft_p99", 0.453, 0.35), new MeasuredFigure("output_tokens_per_s", 31302.7, null),
             new MeasuredFigure("tpot_p50", 0.1243, null), new MeasuredFigure("capacity_rps", 100.35, 0.1)],
            measured.Figures);
        Assert.Empty(measured.Rows);
    }

    [Fact]
    public void A_scenario_without_the_section_has_no_measurements()
        => Assert.Null(ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder, null, Fixtures.Catalog).Measured);

    [Fact]
    public void Rows_bind_with_their_overrides_and_take_the_sections_role_unless_they_give_their_own()
    {
        var measured = Load("""
            measured:
              role: fit
              workload: chat
              rows:
                - name: rate 8
                  set: [workloads.chat.arrival.rate=8]
                  figures: {tpot_p50: 17ms}
                - name: rate 4
                  set: [workloads.chat.arrival.rate=4, run.seed=2]
                  role: check
                  figures: {e2e_mean: {value: 1.5s, within: 0.25}}
            """).Measured!;

        Assert.Equal(MeasuredRole.Fit, measured.Role);
        Assert.Empty(measured.Figures);
        Assert.Equal(2, measured.Rows.Count);
        Assert.Equal(("rate 8", MeasuredRole.Fit), (measured.Rows[0].Name, measured.Rows[0].Role));
        Assert.Equal(["workloads.chat.arrival.rate=8"], measured.Rows[0].Sets);
        Assert.Equal([new MeasuredFigure("tpot_p50", 0.017, null)], measured.Rows[0].Figures);
        Assert.Equal(MeasuredRole.Check, measured.Rows[1].Role);
        Assert.Equal(["workloads.chat.arrival.rate=4", "run.seed=2"], measured.Rows[1].Sets);
        Assert.Equal([new MeasuredFigure("e2e_mean", 1.5, 0.25)], measured.Rows[1].Figures);
    }

    [Theory]
    [InlineData("measured:\n  figures: {tpot_p98: 1}\n", "22:13: measured.figures: unknown key 'tpot_p98'; did you mean 'tpot_p90'?")]
    [InlineData("measured:\n  figures: {ttft_p99: {value: 1, within: 0}}\n", "22:42: measured.figures.ttft_p99.within: must be greater than 0, got 0")]
    [InlineData("measured:\n  figures: {ttft_p99: -1}\n", "22:23: measured.figures.ttft_p99: must be greater than 0s, got -1")]
    [InlineData("measured:\n  workload: chta\n  figures: {ttft_p99: 1}\n", "22:13: measured.workload: unknown workload 'chta'; did you mean 'chat'?")]
    [InlineData("measured:\n  role: chek\n  figures: {ttft_p99: 1}\n", "22:9: measured.role: 'chek' is not one of check, fit; did you mean 'check'?")]
    [InlineData("measured:\n  figures: {}\n", "22:3: measured.figures: needs at least one figure")]
    [InlineData("measured:\n  source: x\n", "21:1: measured: needs 'figures' or 'rows' (or both)")]
    [InlineData("measured:\n  rows:\n    - name: r\n      figures: {ttft_p99: 1}\n", "23:7: measured.rows[0]: missing required key 'set'")]
    public void A_wrong_section_is_refused_where_it_is_written(string measured, string expected)
        => Assert.Equal(expected, Assert.Single(Errors(measured)));

    [Fact]
    public void A_capacity_needs_the_workloads_slo_which_says_what_capacity_means()
    {
        var error = Assert.Single(Errors("measured:\n  figures: {capacity_rps: 10}\n", MalformedCases.Base.Replace("    slo: {ttft: 500ms, tpot: 50ms}\n", "")));
        Assert.Contains("capacity is the highest rate that meets the workload's SLO, and workload 'chat' has none", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_of_a_scenario_with_two_text_workloads_must_name_theirs()
    {
        var two = MalformedCases.Base.Replace("workloads:\n", "workloads:\n  batch:\n    kind: text\n    model: small-llm\n    arrival: {kind: poisson, rate: 1}\n    prompt_tokens: 100\n    output_tokens: 10\n");
        var error = Assert.Single(Errors("measured:\n  figures: {ttft_p99: 1}\n", two));
        Assert.EndsWith("measured: name the workload the figures describe (workload: ...): the scenario has 2 text workloads, 'batch', 'chat'", error, StringComparison.Ordinal);
        Assert.Equal("chat", Load("measured:\n  workload: chat\n  figures: {ttft_p99: 1}\n", two).Measured!.Workload);
    }

    private const string Multimodal = Fixtures.VideoAndAvatar + "\n";

    private static string OnlyVideo => Multimodal.Replace("  face: {kind: avatar, model: tiny-avatar, arrival: {kind: closed, users: 3, think_time: 10s}, session_length: 2m}\n", "")
        .Replace("  a: {model: tiny-avatar, nodes: n, replicas: 4}\n", "");

    [Fact]
    public void A_video_workload_carries_the_figures_its_summary_section_writes_and_is_the_one_when_it_is_the_only_workload()
    {
        var measured = Load("measured:\n  figures: {time_to_video_p50: 90s, videos_per_hour: {value: 40, within: 0.1}}\n", OnlyVideo).Measured!;

        Assert.Equal(("clip", "video"), (measured.Workload, measured.Kind));
        Assert.Equal([new MeasuredFigure("time_to_video_p50", 90, null), new MeasuredFigure("videos_per_hour", 40, 0.1)], measured.Figures);
    }

    [Theory]
    // A text figure on a video workload, and a video figure on an avatar one: refused at the key, with the kind's own list.
    [InlineData("measured:\n  workload: clip\n  figures: {tpot_p50: 1}\n",
        "13:13: measured.figures: 'tpot_p50' is not a figure of a video workload ('clip'); expected one of time_to_video_*, queue_*, videos_per_hour, accelerator_seconds_per_video_second, it_power_kw, capacity_rps")]
    [InlineData("measured:\n  workload: face\n  figures: {time_to_video_p99: 1}\n",
        "13:13: measured.figures: 'time_to_video_p99' is not a figure of an avatar workload ('face'); expected one of frame_latency_*, startup_*, turn_latency_*, frame_jitter, frame_miss_rate, mean_concurrent_sessions, concurrent_sessions_per_accelerator, it_power_kw")]
    // Two workloads, neither text: the section must name its own.
    [InlineData("measured:\n  figures: {it_power_kw: 3}\n",
        "11:1: measured: name the workload the figures describe (workload: ...): the scenario has 2 workloads, 'clip', 'face'")]
    public void A_figure_of_another_kind_or_an_unnamed_workload_among_several_is_refused_where_it_is_written(string measured, string expected)
        => Assert.Equal(expected, Assert.Single(Errors(measured, Multimodal)));

    [Fact]
    public void Every_figure_each_kind_lists_binds_for_a_workload_of_that_kind_and_the_schema_takes_their_union()
    {
        // The schema's keys come from MeasuredFigures.All, every kind's list together; each workload takes its own kind's.
        var workloads = new Dictionary<string, (string Yaml, string Name)>
        {
            ["text"] = (MalformedCases.Base, "chat"),
            ["video"] = (Multimodal, "clip"),
            ["avatar"] = (Multimodal, "face"),
            ["image"] = ("""
                workloads:
                  pictures: {kind: image, model: sdxl-base-1.0, arrival: {kind: poisson, rate: 1}}
                hardware:
                  nodes:
                    n: {count: 1, accelerator: h100-sxm, per_node: 8}
                deployments:
                  d: {model: sdxl-base-1.0, nodes: n, replicas: 2}
                run: {duration: 60s}

                """, "pictures"),
        };
        var listed = new List<string>();
        foreach (var (kind, (yaml, name)) in workloads)
        {
            var figures = MeasuredFigures.For(kind);
            Assert.NotEmpty(figures);
            Assert.Contains(MeasuredFigures.ItPower, figures);
            foreach (var figure in figures)
            {
                var text = $"measured:\n  workload: {name}\n  figures: {{{figure.Name}: {(figure.Seconds ? "1s" : "1")}}}\n";
                var measured = (kind == "image" ? ScenarioLoader.Parse(yaml + text, "test.yaml") : Load(text, yaml)).Measured!;
                Assert.Equal((figure.Name, kind), (Assert.Single(measured.Figures).Name, measured.Kind));
            }

            listed.AddRange(figures.Select(f => f.Name));
        }

        Assert.Equal(listed.Distinct().Order(StringComparer.Ordinal), MeasuredFigures.All.Select(f => f.Name).Order(StringComparer.Ordinal));
    }
}
