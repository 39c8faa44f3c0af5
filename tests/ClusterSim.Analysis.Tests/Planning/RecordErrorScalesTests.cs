using ClusterSim.Analysis.Planning;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Model.Performance;

namespace ClusterSim.Analysis.Tests.Planning;

/// <summary>
/// capacity --record-error: the step scales come from the validation record's groups as the deployments' notes give them,
/// the largest signed error making the longest steps. Made-up groups, the scales worked out by hand.
/// </summary>
public sealed class RecordErrorScalesTests
{
    private static ExecutionProvenance Deployment(string name, params ValidationMatch[] groups)
        => new(name, "roofline", "h100-sxm", "trtllm-fp8", "h100-sxm/trtllm-fp8", "", "fitted") { Validation = groups };

    private static ValidationMatch Group(string? accelerator, params ValidationFamily[] families)
        => new(accelerator, "trtllm-fp8", "dense", 2, ["h100-sxm"], families, 0);

    [Fact]
    public void A_groups_capacity_errors_set_the_scales_longest_first()
    {
        // Capacities read -8 % and +22 % against the checks: the real systems reached what steps 1.22 and 0.92 times as
        // long give. The throughput family beside them is not used where capacities were checked.
        var (scales, basis) = CapacitySearch.RecordScales(
        [
            Deployment("chat", Group("h100-sxm", new ValidationFamily("throughput", 28, 0.026, -0.09, 0.16), new ValidationFamily("capacity", 2, 0.07, -0.08, 0.22))),
        ]);
        Assert.Equal([1.22, 0.92], scales);
        Assert.Equal("deployment 'chat': h100-sxm, trtllm-fp8, dense, capacity errors from -8.0 % to +22.0 % (2 figures)", basis);
    }

    [Fact]
    public void Throughput_stands_in_where_no_capacity_was_checked_and_one_figure_gives_one_search()
    {
        var (scales, _) = CapacitySearch.RecordScales([Deployment("chat", Group("h100-sxm", new ValidationFamily("throughput", 5, 0.3, -0.1, 1.02)))]);
        Assert.Equal([2.02, 0.9], scales);

        var (one, basis) = CapacitySearch.RecordScales([Deployment("chat", Group(null, new ValidationFamily("capacity", 1, 0.033, 0.033, 0.033)))]);
        Assert.Equal([1.033], one);
        Assert.Contains("trtllm-fp8, dense, on any part (h100-sxm), capacity error +3.3 % (1 figure)", basis);
    }

    [Fact]
    public void Several_deployments_take_the_widest_band_and_an_unchecked_one_is_passed_over()
    {
        var (scales, basis) = CapacitySearch.RecordScales(
        [
            Deployment("prefill", Group("h100-sxm", new ValidationFamily("capacity", 3, 0.1, 0.05, 0.3))),
            Deployment("decode", Group("h100-sxm", new ValidationFamily("capacity", 2, 0.0, -0.2, 0.1))),
            Deployment("video"),
        ]);
        Assert.Equal([1.3, 0.8], scales);
        Assert.Contains("deployment 'prefill'", basis);
        Assert.Contains("deployment 'decode'", basis);
        Assert.DoesNotContain("video", basis);
    }

    [Fact]
    public void Without_any_checked_capacity_or_throughput_it_refuses_and_says_what_to_give_instead()
    {
        var e = Assert.Throws<SweepInputException>(() => CapacitySearch.RecordScales(
            [Deployment("chat", Group("h100-sxm", new ValidationFamily("latency", 4, -0.3, -0.5, 0.1)))]));
        Assert.Contains("--record-error: the validation record (scenarios/catalog/validation-record.csv) holds no checked capacity or throughput of the kind of deployment 'chat'", e.Message);
        Assert.Contains("give --step-error", e.Message);
    }

    [Fact]
    public void Record_error_and_step_error_together_are_refused()
    {
        var e = Assert.Throws<SweepInputException>(() => CapacitySearch.Find(new CapacityRequest
        {
            Slos = [SloConstraint.Parse("ttft_p99=1s")],
            StepError = 0.1,
            RecordError = true,
        }));
        Assert.Contains("--step-error and --record-error both scale the steps: give one of them", string.Join("; ", e.Errors));
    }
}
