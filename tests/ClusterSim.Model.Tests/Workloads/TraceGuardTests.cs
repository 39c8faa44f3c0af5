using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Setup;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Traces;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Workloads;

/// <summary>Traces that would exhaust memory, overflow or replay nothing fail located, before or at their first row.</summary>
public sealed class TraceGuardTests
{
    [Fact]
    public void A_file_without_line_breaks_fails_at_line_one_once_past_the_limit_instead_of_filling_memory()
    {
        // 2 MiB of zeros: /dev/zero in small. The reader must stop at the 1 MiB line limit.
        var file = TempFile("zeros.jsonl", new string('\0', 2 << 20));

        var ex = Assert.Throws<TraceFormatException>(() => new MooncakeTraceSource(file).TryNext(out _));

        Assert.Equal(1, ex.Line);
        Assert.Contains("longer than 1,048,576 characters", ex.Message);
    }

    [Fact]
    public void A_header_longer_than_the_limit_fails_at_the_header()
    {
        var file = TempFile("long-header.csv", new string('x', (1 << 20) + 10) + "\n1,2,3\n");

        var ex = Assert.Throws<TraceFormatException>(() => new CsvTraceSource(file, new CsvTraceMapping("t", "p", "o")));

        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Lines_end_at_lf_crlf_or_cr_alike()
    {
        var file = TempFile("breaks.csv", "t,p,o\r\n1,10,1\r\n2,20,2\n3,30,3\r4,40,4");

        var replay = ReplayAll(new CsvTraceSource(file, new CsvTraceMapping("t", "p", "o")));

        Assert.Equal([10, 20, 30, 40], replay.Select(r => r.PromptTokens));
        Assert.Equal([0, SimTime.Second, 2 * SimTime.Second, 3 * SimTime.Second], replay.Select(r => r.ArrivalNs));
    }

    [Fact]
    public void A_header_only_trace_is_an_error_not_an_empty_run()
    {
        var file = TempFile("header-only.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n\n");
        using var source = new AzureLlmTraceSource(file);

        var ex = Assert.Throws<TraceFormatException>(() => source.TryNext(out _));

        Assert.Contains("has a header but no rows", ex.Message);
    }

    [Fact]
    public void Filters_that_keep_no_row_say_so()
    {
        var file = TempFile("burst.csv",
            "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n" +
            "5,ChatGPT,100,20,120,Conversation log\n");
        using var source = new BurstGptTraceSource(file, model: "GPT-4");

        var ex = Assert.Throws<TraceFormatException>(() => source.TryNext(out _));

        Assert.Contains("none of the trace's 1 rows matches the filters", ex.Message);
    }

    [Fact]
    public void Prompt_plus_output_beyond_int_range_is_located_at_its_row()
    {
        var file = TempFile("huge.csv", "t,p,o\n0,10,10\n1,2147483000,1000\n");
        using var source = new CsvTraceSource(file, new CsvTraceMapping("t", "p", "o"));

        Assert.True(source.TryNext(out _));
        var ex = Assert.Throws<TraceFormatException>(() => source.TryNext(out _));

        Assert.Equal(3, ex.Line);
        Assert.Contains("exceed 2,147,483,647", ex.Message);
    }

    [Fact]
    public void A_scenario_replays_a_generic_csv_and_a_burstgpt_trace_through_the_compiler()
    {
        var dir = Path.GetDirectoryName(TempFile("x", ""))!;
        File.WriteAllText(Path.Combine(dir, "mine.csv"), "when_ms;in;out\n0;100;10\n500;200;20\n1500;300;30\n");
        File.WriteAllText(Path.Combine(dir, "burst.csv"),
            "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n" +
            "5,ChatGPT,100,20,120,Conversation log\n6,GPT-4,400,0,400,API log\n8,ChatGPT,50,5,55,API log\n");
        var yaml = """
            name: traces
            workloads:
              mine:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: trace, file: mine.csv, format: csv, columns: {time: when_ms, prompt: in, output: out, time_unit: ms, separator: ";"}}
              burst:
                kind: text
                model: llama-3.1-8b
                arrival: {kind: trace, file: burst.csv, format: burstgpt, model: chatgpt}
            hardware:
              nodes:
                n: {count: 1, accelerator: h100-sxm, per_node: 1}
            deployments:
              d: {model: llama-3.1-8b, nodes: n, tp: 1, replicas: 1}
            run: {duration: 10s}
            """;
        var path = Path.Combine(dir, "traces.yaml");
        File.WriteAllText(path, yaml);

        var compiled = ScenarioCompiler.Compile(ScenarioLoader.Load(path), 1);
        var sim = new Simulation(1);
        var mine = ReplayAll(compiled.Setup.Classes.Single(c => c.Name == "mine").Source(sim));
        var burst = ReplayAll(compiled.Setup.Classes.Single(c => c.Name == "burst").Source(sim));

        Assert.Equal([0, SimTime.FromSeconds(0.5), SimTime.FromSeconds(1.5)], mine.Select(r => r.ArrivalNs));
        Assert.Equal([100, 200, 300], mine.Select(r => r.PromptTokens));
        Assert.Equal([100, 50], burst.Select(r => r.PromptTokens)); // ChatGPT rows only
        Assert.Equal([0, 3 * SimTime.Second], burst.Select(r => r.ArrivalNs));
    }

    private static List<TextRequestSpec> ReplayAll(IRequestSource source)
    {
        var list = new List<TextRequestSpec>();
        while (source.TryNext(out var request))
        {
            list.Add(request);
        }

        (source as IDisposable)?.Dispose();
        return list;
    }

    private static string TempFile(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "clustersim-trace-guard-tests", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
