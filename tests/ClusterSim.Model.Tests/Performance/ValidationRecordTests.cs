using ClusterSim.Model.Performance;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>
/// The validation record as a run reads it: the groups a deployment falls in, with medians counted by hand from a small
/// made-up record, fits left out, and the nearest groups where its own was never checked.
/// </summary>
public sealed class ValidationRecordTests
{
    private static ValidationRecordRow Row(string scenario, string accelerator, string stack, string architecture, string figure, string family, double error, bool check = true, string row = "")
        => new(scenario, row, check, accelerator, stack, architecture, figure, family, 100, 100 * (1 + error), error);

    // Two H100 TensorRT-LLM files (one with two rows), a B200 one, a vLLM A100 one, a fit and a capacity that did not run.
    private static readonly ValidationRecord Sample = new(
    [
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "output_tokens_per_s", "throughput", 0.10),
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "tpot_p99", "tail_latency", -0.40),
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "ttft_p99", "tail_latency", -0.60),
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "ttft_p50", "latency", -0.05),
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "capacity_rps", "capacity", double.NaN),
        Row("a", "h100-sxm", "trtllm-fp8", "dense", "requests_in_system_per_replica", "other", -0.50),
        Row("b", "h100-sxm", "trtllm-fp8", "dense", "output_tokens_per_s", "throughput", -0.02, row: "128/128"),
        Row("b", "h100-sxm", "trtllm-fp8", "dense", "output_tokens_per_s", "throughput", 0.04, row: "1000/1000, 3,000 prompts"),
        Row("f", "h100-sxm", "trtllm-fp8", "dense", "output_tokens_per_s", "throughput", 0.0, check: false),
        Row("c", "b200", "trtllm-fp8", "dense", "output_tokens_per_s", "throughput", 0.30),
        Row("d", "a100-80gb-sxm", "vllm", "dense", "output_tokens_per_s", "throughput", -0.05),
        Row("e", "h200-sxm", "trtllm-pytorch-fp8", "mixture of experts", "output_tokens_per_s", "throughput", 0.60),
    ]);

    [Fact]
    public void Its_own_group_gives_each_familys_median_and_range_over_checks_only()
    {
        var match = Assert.Single(Sample.Match("h100-sxm", "trtllm-fp8", "dense"));
        Assert.True(match.Exact);
        Assert.Equal(2, match.Configurations); // a and b; f is a fit
        Assert.Equal(1, match.Fits);
        var throughput = match.Families.Single(f => f.Name == ValidationRecord.Throughput);
        // +10, -2, +4 %: median +4 %, from -2 to +10 %.
        Assert.Equal((3, 0.04, -0.02, 0.10), (throughput.Figures, throughput.MedianError, throughput.MinError, throughput.MaxError));
        var tails = match.Families.Single(f => f.Name == ValidationRecord.TailLatency);
        // -40 and -60 %: the median of two is their mean.
        Assert.Equal((2, -0.50), (tails.Figures, tails.MedianError));
        // The capacity did not run and requests in system are no family a run reports on.
        Assert.Equal([ValidationRecord.Throughput, ValidationRecord.Latency, ValidationRecord.TailLatency], match.Families.Select(f => f.Name));
        Assert.False(throughput.Optimistic());
        Assert.True(tails.Optimistic());
        Assert.False(match.Families.Single(f => f.Name == ValidationRecord.Latency).Optimistic()); // -5 %: within the tenth
    }

    [Fact]
    public void A_part_never_checked_with_its_stack_gets_the_stack_elsewhere_and_the_part_with_other_stacks()
    {
        var matches = Sample.Match("b200", "vllm", "dense");
        Assert.Equal(2, matches.Count);
        Assert.Equal((null, "vllm", 1), (matches[0].Accelerator, matches[0].Stack, matches[0].Configurations));
        Assert.Equal(["a100-80gb-sxm"], matches[0].Parts);
        Assert.Equal(("b200", (string?)null, 0.30), (matches[1].Accelerator, matches[1].Stack, matches[1].Families.Single().MedianError));
        Assert.All(matches, m => Assert.False(m.Exact));
    }

    [Fact]
    public void Nothing_of_the_part_or_stack_falls_back_to_the_architecture_and_nothing_at_all_to_none()
    {
        var any = Assert.Single(Sample.Match("tpu-v5e", "jetstream", "dense"));
        Assert.Equal((null, (string?)null, 4), (any.Accelerator, any.Stack, any.Configurations));
        // Dense checks +10, -2, +4, +30, -5 %: median +4 %.
        Assert.Equal(0.04, any.Families.Single(f => f.Name == ValidationRecord.Throughput).MedianError, 12);
        Assert.Empty(Sample.Match("h100-sxm", "trtllm-fp8", "video"));
    }

    [Fact]
    public void The_note_names_the_group_its_figures_and_what_to_make_of_them()
    {
        var own = ValidationRecord.Note("engine", "h100-sxm", "trtllm-fp8", "dense", Sample.Match("h100-sxm", "trtllm-fp8", "dense"));
        Assert.Contains("deployment 'engine': checked against published measurements of h100-sxm, trtllm-fp8, dense (2 configurations; scenarios/catalog/validation-record.csv", own);
        Assert.Contains("throughput median +4.0 % (from -2.0 % to +10.0 %, 3 figures)", own);
        Assert.Contains("latency -5.0 % (1 figure); tail latency median -50.0 % (from -60.0 % to -40.0 %, 2 figures) - its tail latency reads short: read it as the best case", own);
        Assert.Contains("1 figure(s) of this group were fitted on, which are no evidence and left out", own);

        var moe = ValidationRecord.Note("e", "h200-sxm", "trtllm-pytorch-fp8", "mixture of experts", Sample.Match("h200-sxm", "trtllm-pytorch-fp8", "mixture of experts"));
        Assert.Contains("throughput +60.0 % (1 figure) - its throughput reads high: read it as the best case", moe);

        var nearest = ValidationRecord.Note("x", "b200", "vllm", "dense", Sample.Match("b200", "vllm", "dense"));
        Assert.Contains("no published measurement of b200, vllm, dense was checked", nearest);
        Assert.Contains("the nearest: vllm, dense, on any part (a100-80gb-sxm) (1 configuration): throughput -5.0 % (1 figure); b200, dense, with any stack (1 configuration): throughput +30.0 % (1 figure) - its throughput reads high", nearest);

        Assert.Contains("no published measurement of a video on any part or stack was checked", ValidationRecord.Note("v", "h100-sxm", "x", "video", []));
    }

    [Fact]
    public void A_build_without_a_record_says_it_does_not_know_rather_than_that_nothing_was_checked()
    {
        var none = new ValidationRecord([]);
        Assert.Equal("deployment 'd': this build carries no validation record (scenarios/catalog/validation-record.csv): how h100-sxm, vllm, dense read against published measurements is not known here",
            none.NoteOn("d", "h100-sxm", "vllm", "dense", none.Match("h100-sxm", "vllm", "dense")));
        // With a record, the same words as the plain note.
        Assert.Equal(ValidationRecord.Note("d", "h100-sxm", "trtllm-fp8", "dense", Sample.Match("h100-sxm", "trtllm-fp8", "dense")),
            Sample.NoteOn("d", "h100-sxm", "trtllm-fp8", "dense", Sample.Match("h100-sxm", "trtllm-fp8", "dense")));
    }

    [Fact]
    public void Several_promises_are_said_together_and_a_shortfall_the_other_way_apart()
    {
        var record = new ValidationRecord(
        [
            Row("g", "mi300x", "vllm", "dense", "output_tokens_per_s", "throughput", 0.20),
            Row("g", "mi300x", "vllm", "dense", "tpot_p50", "latency", -0.30),
            Row("g", "mi300x", "vllm", "dense", "ttft_p99", "tail_latency", -0.50),
            Row("g", "mi300x", "vllm", "dense", "capacity_rps", "capacity", -0.25),
        ]);
        var note = ValidationRecord.Note("d", "mi300x", "vllm", "dense", record.Match("mi300x", "vllm", "dense"));
        Assert.EndsWith(" - its throughput reads high, its latency reads short and its tail latency reads short: read it as the best case; its capacity reads low: read it as the worst case", note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_round_trips_through_its_csv_with_quoted_names_and_runs_that_did_not_happen()
    {
        var text = ValidationRecord.Write(Sample.Rows);
        Assert.StartsWith("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error\n", text, StringComparison.Ordinal);
        Assert.Contains("b,\"1000/1000, 3,000 prompts\",check,h100-sxm,", text, StringComparison.Ordinal);
        Assert.Contains("a,,check,h100-sxm,trtllm-fp8,dense,capacity_rps,capacity,100,,\n", text, StringComparison.Ordinal);
        var back = ValidationRecord.Parse(new StringReader(text), "r.csv");
        Assert.Equal(Sample.Rows.Count, back.Rows.Count);
        // Numbers round-trip exactly, and a figure that did not run comes back as NaN (which a record's equality takes as equal).
        Assert.Equal(Sample.Rows, back.Rows);
    }

    [Theory]
    [InlineData("scenario,row,role\n", "r.csv:1:1: expected the header scenario,row,role,accelerator")]
    [InlineData("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error\na,,maybe,h,s,dense,x,other,1,1,0\n", "r.csv:2: role: expected check or fit, got 'maybe'")]
    [InlineData("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error\na,,check,h,s,dense,x,other,1,one,0\n", "r.csv:2: simulated: expected a number or nothing, got 'one'")]
    [InlineData("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error\na,,check\n", "r.csv:2:1: expected 11 fields as in the header, found 3")]
    [InlineData("scenario,row,role,accelerator,stack,architecture,figure,family,measured,simulated,error\n\"a,,check\n", "r.csv:2:9: a quoted field is not closed")]
    public void A_malformed_record_names_the_line(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ValidationRecord.Parse(new StringReader(text), "r.csv"));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("capacity_rps", "requests/s", "capacity")]
    [InlineData("output_tokens_per_s", "tokens/s", "throughput")]
    [InlineData("throughput_rps", "requests/s", "throughput")]
    [InlineData("tpot_p99", "s", "tail_latency")]
    [InlineData("ttft_p999", "s", "tail_latency")]
    [InlineData("ttft_p50", "s", "latency")]
    [InlineData("tbt_mean", "s", "latency")]
    [InlineData("preemptions", "preemptions", "other")]
    [InlineData("requests_in_system_per_replica", "sequences", "other")]
    public void Figures_fall_in_the_family_their_unit_gives(string figure, string unit, string family)
        => Assert.Equal(family, ValidationRecord.Family(figure, unit));
}
