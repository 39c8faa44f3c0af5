using ClusterSim.Analysis.Accuracy;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Accuracy;

/// <summary>
/// The first-token tail in steps (p99 TTFT over p50 TPOT): the step's own error cancels out of it, so a case whose TPOT
/// and TTFT tail are off by the same factor reads as right. Worked by hand on made-up figures.
/// </summary>
public sealed class TailInStepsTests
{
    private static readonly MeasuredSpec Check = new("a server", MeasuredRole.Check, "chat", []);

    private static readonly MeasuredSpec Fit = new("a calibration", MeasuredRole.Fit, "chat", []);

    private static readonly Dictionary<string, string> Trt = new(StringComparer.Ordinal) { ["stack"] = "trtllm-fp8" };

    private static IReadOnlyList<AccuracyResult> Results() =>
    [
        // Both off by 0.6: 4.0 steps measured, 4.0 simulated, the TPOT -40 %.
        new("a.yaml", "a", null, Check, [new("tpot_p50", true, 0.100, 0.060, 0.25), new("ttft_p99", true, 0.400, 0.240, 0.35)]) { Groups = Trt },
        // A tail twice as long in steps as simulated: 6.0 against 3.0, -50 %.
        new("b.yaml", "b", "row 1", Check, [new("ttft_p99", true, 0.600, 0.330, 0.35), new("tpot_p50", true, 0.100, 0.110, 0.25)]),
        // Left out: a fit, a case without a TTFT tail, a case whose simulation gave nothing.
        new("c.yaml", "c", null, Fit, [new("tpot_p50", true, 0.1, 0.1, null), new("ttft_p99", true, 0.4, 0.4, null)]),
        new("d.yaml", "d", null, Check, [new("tpot_p50", true, 0.1, 0.1, 0.25)]),
        new("e.yaml", "e", null, Check, [new("tpot_p50", true, 0.1, double.NaN, 0.25), new("ttft_p99", true, 0.4, double.NaN, 0.35)]),
    ];

    [Fact]
    public void The_ratio_cancels_the_steps_own_error_and_only_checks_with_both_figures_count()
    {
        var rows = TailInSteps.Of(Results());

        Assert.Equal(["a", "b"], rows.Select(r => r.Scenario));
        Assert.Equal(4.0, rows[0].MeasuredSteps, 12);
        Assert.Equal(4.0, rows[0].SimulatedSteps, 12);
        Assert.Equal(0.0, rows[0].Error, 12);
        Assert.Equal(-0.4, rows[0].TpotError, 12);
        Assert.Equal("trtllm-fp8", rows[0].Stack);
        Assert.Equal(6.0, rows[1].MeasuredSteps, 12);
        Assert.Equal(3.0, rows[1].SimulatedSteps, 12);
        Assert.Equal(-0.5, rows[1].Error, 12);
        Assert.Equal("row 1", rows[1].CaseRow);
    }

    [Fact]
    public void The_report_prints_each_ratio_and_how_many_are_within_a_quarter()
    {
        var text = AccuracyReport.Text(Results());

        Assert.Contains("first-token tail in steps (p99 TTFT / p50 TPOT) of the checks with both, measured against simulated:", text, StringComparison.Ordinal);
        Assert.Matches(@"  b \[row 1\]\s+6\.00\s+3\.00\s+-50\.0 %\s+\+10\.0 %", text);
        // |0| and |-0.5|: median 25 %, one of two within 25 %.
        Assert.Contains("  median |error| 25.0 % over 2; within 25 %: 1", text, StringComparison.Ordinal);
    }
}
