using System.Globalization;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Workloads;
using ClusterSim.Model.Workloads.Traces;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class TraceReplayTests
{
    private static readonly string Conv = RepoFiles.Trace("azure-llm-2023/conv.csv");
    private static readonly string Mooncake = RepoFiles.Trace("mooncake/conversation.jsonl");

    [Fact]
    public void Azure_conversation_trace_replays_19366_arrivals_at_its_mean_rate()
    {
        var replay = ReplayAll(new AzureLlmTraceSource(Conv));

        Assert.Equal(19_366, replay.Count);
        Assert.Equal(0, replay[0].ArrivalNs);
        Assert.True(IsMonotone(replay));

        // The span from the file's first and last rows, read here independently of the reader.
        var span = IndependentSpanNs(Conv);
        Assert.Equal(span, replay[^1].ArrivalNs);
        Assert.Equal(3501.7, SimTime.ToSeconds(span), 1);

        // Mean rate and sizes as the trace's NOTICE records them (5.53/s, 1,155 and 211 tokens).
        Assert.Equal(5.53, replay.Count / SimTime.ToSeconds(span), 2);
        Assert.Equal(1155, replay.Average(r => r.PromptTokens), 0);
        Assert.Equal(211, replay.Average(r => r.OutputTokens), 0);
    }

    [Fact]
    public void Replay_at_ten_times_speed_divides_the_span_by_ten()
    {
        var normal = ReplayAll(new AzureLlmTraceSource(Conv));
        var fast = ReplayAll(new AzureLlmTraceSource(Conv, new TraceOptions(Speed: 10)));

        Assert.Equal(normal.Count, fast.Count);
        Assert.Equal(IndependentSpanNs(Conv) / 10.0, fast[^1].ArrivalNs, 0.5);
        for (var i = 0; i < normal.Count; i++)
        {
            Assert.True(Math.Abs(fast[i].ArrivalNs - normal[i].ArrivalNs / 10.0) <= 0.5, $"row {i}: {fast[i].ArrivalNs} vs {normal[i].ArrivalNs}/10");
            Assert.Equal(normal[i].PromptTokens, fast[i].PromptTokens);
        }
    }

    [Fact]
    public void Looping_twice_gives_twice_the_rows_with_the_second_pass_one_mean_gap_after_the_first()
    {
        var once = ReplayAll(new AzureLlmTraceSource(Conv));
        var twice = ReplayAll(new AzureLlmTraceSource(Conv, new TraceOptions(Loops: 2)));
        var n = once.Count;

        Assert.Equal(2 * n, twice.Count);
        Assert.True(IsMonotone(twice));

        // Pass 2 is pass 1 shifted by span + span/(n − 1): one mean gap after the last row.
        var span = (double)IndependentSpanNs(Conv);
        var shift = twice[n].ArrivalNs - twice[0].ArrivalNs;
        Assert.Equal(span + span / (n - 1), shift, 0.5);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(once[i].ArrivalNs + shift, twice[n + i].ArrivalNs);
            Assert.Equal(once[i].OutputTokens, twice[n + i].OutputTokens);
        }
    }

    [Fact]
    public void A_one_row_trace_looped_gives_one_arrival_per_pass_not_a_crash()
    {
        var file = TempFile("one.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n");

        var replay = ReplayAll(new AzureLlmTraceSource(file, new TraceOptions(Loops: 3)));

        Assert.Equal([0L, 0L, 0L], replay.Select(r => r.ArrivalNs));
    }

    [Fact]
    public void Mooncake_trace_replays_12031_rows_with_their_prefix_hash_ids()
    {
        var replay = ReplayAll(new MooncakeTraceSource(Mooncake));

        Assert.Equal(12_031, replay.Count);
        Assert.True(IsMonotone(replay));
        Assert.Equal(3_536_999 * SimTime.Millisecond, replay[^1].ArrivalNs);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => (long)i), replay[0].PrefixHashes!);
        Assert.Equal(6758, replay[0].PromptTokens);

        // One id per 512-token block of the prompt, on every row; 288,500 in all (the NOTICE's count).
        Assert.All(replay, r => Assert.Equal((r.PromptTokens + 511) / 512, r.PrefixHashes!.Length));
        Assert.Equal(288_500, replay.Sum(r => r.PrefixHashes!.Length));
    }

    [Fact]
    public void BurstGpt_rows_replay_with_filters_and_failed_requests_keep_their_prompt()
    {
        var file = TempFile("burst.csv",
            "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n" +
            "5,ChatGPT,472,18,490,Conversation log\n" +
            "45,ChatGPT,1087,0,1087,Conversation log\n" +
            "118.5,GPT-4,417,276,693,API log\n" +
            "140,ChatGPT,1360,250,1610,API log\n");

        var all = ReplayAll(new BurstGptTraceSource(file));
        Assert.Equal([0L, 40 * SimTime.Second, 113_500 * SimTime.Millisecond, 135 * SimTime.Second], all.Select(r => r.ArrivalNs));
        Assert.Equal([472, 1087, 417, 1360], all.Select(r => r.PromptTokens));
        Assert.Equal([18, 1, 276, 250], all.Select(r => r.OutputTokens));

        var chatGptConversations = ReplayAll(new BurstGptTraceSource(file, model: "chatgpt", logType: "Conversation log"));
        Assert.Equal([472, 1087], chatGptConversations.Select(r => r.PromptTokens));
    }

    [Fact]
    public void BurstGpt_header_with_a_misspelled_column_names_the_closest_one()
    {
        var file = TempFile("burst-bad.csv",
            "Timestamp,Model,Request_tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,472,18,490,Conversation log\n");

        var ex = Assert.Throws<TraceFormatException>(() => new BurstGptTraceSource(file));

        Assert.Equal((1, 1), (ex.Line, ex.Column));
        Assert.Contains("did you mean 'Request_tokens'?", ex.Message);
        Assert.StartsWith($"{file}:1:1: ", ex.Message);
    }

    [Fact]
    public void Generic_csv_maps_named_columns_with_a_separator_unit_quotes_and_hash_ids()
    {
        var file = TempFile("generic.csv",
            "id;arrival_ms;note;in;out;blocks\n" +
            "a;1000;\"plain\";100;10;1 2\n" +
            "b;1250.5;\"semi;colon \"\"quoted\"\"\";200;20;1 2 3\n" +
            "c;4000;x;300;30;\n");
        var mapping = new CsvTraceMapping("arrival_ms", "in", "out", TraceTimeUnit.Milliseconds, ';', HashIdsColumn: "blocks");

        var replay = ReplayAll(new CsvTraceSource(file, mapping));

        Assert.Equal([0L, 250_500_000L, 3_000_000_000L], replay.Select(r => r.ArrivalNs));
        Assert.Equal([100, 200, 300], replay.Select(r => r.PromptTokens));
        Assert.Equal([10, 20, 30], replay.Select(r => r.OutputTokens));
        Assert.Equal([1L, 2L, 3L], replay[1].PrefixHashes!);
        Assert.Empty(replay[2].PrefixHashes!);
    }

    [Fact]
    public void Generic_csv_without_a_header_takes_column_numbers_and_dates()
    {
        var file = TempFile("headerless.csv", "9,2023-11-16 18:00:00,50\n9,2023-11-16 18:00:01.5,60\n");
        var mapping = new CsvTraceMapping("2", "1", "3", TraceTimeUnit.DateTime, HasHeader: false);

        var replay = ReplayAll(new CsvTraceSource(file, mapping));

        Assert.Equal([0L, 1_500_000_000L], replay.Select(r => r.ArrivalNs));
        Assert.Equal([50, 60], replay.Select(r => r.OutputTokens));
        Assert.Throws<ArgumentException>(() => new CsvTraceSource(file, mapping with { TimeColumn = "arrival" }));
    }

    [Fact]
    public void A_bad_field_is_located_by_file_line_and_the_fields_column()
    {
        var file = TempFile("bad.csv",
            "TIMESTAMP,ContextTokens,GeneratedTokens\n" +
            "2023-11-16 18:15:46.6805900,374,44\n" +
            "2023-11-16 18:15:50.9951690,396,109\n" +
            "2023-11-16 18:15:51.0000000,12x,20\n" +
            "2023-11-16 18:15:52.0000000,20,30\n");
        using var source = new AzureLlmTraceSource(file);

        // Streaming: the rows before the bad one are replayed before the reader gets to it.
        Assert.True(source.TryNext(out _));
        Assert.True(source.TryNext(out _));
        var ex = Assert.Throws<TraceFormatException>(() => source.TryNext(out _));

        Assert.Equal((4, 29), (ex.Line, ex.Column));
        Assert.Equal($"{file}:4:29: expected a non-negative integer for ContextTokens, found '12x'", ex.Message);
    }

    [Fact]
    public void Bad_rows_are_counted_and_skipped_when_asked()
    {
        var file = TempFile("skip.csv",
            "TIMESTAMP,ContextTokens,GeneratedTokens\n" +
            "2023-11-16 18:15:46.0000000,374,44\n" +
            "yesterday,396,109\n" +
            "2023-11-16 18:15:47.0000000,396\n" +
            "2023-11-16 18:15:45.0000000,1,1\n" +
            "2023-11-16 18:15:48.0000000,20,30\n");
        using var source = new AzureLlmTraceSource(file, new TraceOptions(SkipBadRows: true));

        var replay = ReplayAll(source);

        Assert.Equal([0L, 2 * SimTime.Second], replay.Select(r => r.ArrivalNs));
        Assert.Equal(3, source.SkippedRows);
        Assert.Equal((3, 1), (source.FirstSkippedError!.Line, source.FirstSkippedError.Column));
    }

    [Fact]
    public void A_row_that_goes_back_in_time_is_an_error_at_its_time_field()
    {
        var file = TempFile("order.csv", "t,p,o\n10,1,1\n20,1,1\n15,1,1\n");
        using var source = new CsvTraceSource(file, new CsvTraceMapping("t", "p", "o"));

        Assert.True(source.TryNext(out _));
        Assert.True(source.TryNext(out _));
        var ex = Assert.Throws<TraceFormatException>(() => source.TryNext(out _));

        Assert.Equal((4, 1), (ex.Line, ex.Column));
        Assert.Contains("arrival order", ex.Message);
    }

    [Fact]
    public void A_bad_mooncake_value_is_located_at_its_token()
    {
        var file = TempFile("bad.jsonl",
            "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5, \"hash_ids\": [0]}\n" +
            "{\"timestamp\": 5, \"input_length\": \"ten\", \"output_length\": 5, \"hash_ids\": [0]}\n" +
            "{\"timestamp\": 6, \"input_length\": 10, \"output_length\": 5, \"hash_ids\": [0, 1\n");
        using var source = new MooncakeTraceSource(file, new TraceOptions(SkipBadRows: true));

        var replay = ReplayAll(source);

        Assert.Single(replay);
        Assert.Equal(2, source.SkippedRows);
        var first = source.FirstSkippedError!;
        Assert.Equal((2, 34), (first.Line, first.Column));
        Assert.Contains("expected a non-negative integer for input_length, found \"ten\"", first.Message);
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

    private static bool IsMonotone(List<TextRequestSpec> requests)
        => requests.Zip(requests.Skip(1)).All(p => p.First.ArrivalNs <= p.Second.ArrivalNs);

    /// <summary>Last minus first timestamp, in ns, parsed with a fixed format (not the reader's).</summary>
    private static long IndependentSpanNs(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        static DateTime Stamp(string line) => DateTime.ParseExact(line.Split(',')[0], "yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        return (Stamp(lines[^1]) - Stamp(lines[0])).Ticks * 100;
    }

    private static string TempFile(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "clustersim-trace-tests", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
