using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Runs;

/// <summary>
/// A whole run allocates nothing per iteration or event beyond each request's own object: two runs of the
/// same scenario that differ only in length differ in allocation by the extra requests' objects alone.
/// </summary>
/// <remarks>
/// Setup, JIT, the result's histograms, and the growth of queues and heaps to their working size are the
/// same in both runs, so they cancel in the difference. The long run is exactly twice the short one: a
/// series keeps at most 512 buckets and doubles their width as the run grows, so at a ratio of two both
/// results hold nearly as many buckets (at other ratios their arrays differ by up to 100 KB, which is
/// result size, not steady-state cost). What may still not cancel is a bucket or two more in one run's
/// series (the drain after arrivals stop differs) and one more doubling of an array in the longer run
/// (its queues reach a deeper peak by chance): a few KB at these loads (measured: -10 to +1 KB), which is
/// why the bound is 0.5 byte per extra iteration (7.5 KB or more over the 15,000 or more extra iterations
/// each case has) and not 0. A leak of one object per iteration costs 24 bytes or more
/// (the smallest object), so even one on every 40th iteration fails the test. The rates are below
/// capacity: an overloaded cluster's queues grow with the run, and that growth is not steady state.
/// </remarks>
public sealed class SteadyStateAllocationTests
{
    private const int ShortSeconds = 150;
    private const int LongSeconds = 300;
    private const double BoundBytesPerIteration = 0.5;

    internal readonly record struct Measured(long Bytes, long Arrived, long Iterations, ServingResult Result);

    /// <summary>
    /// One run of the default scenario with <paramref name="sets"/>, counting what this thread allocates
    /// while it runs: the run is single-threaded (ClusterRun.Run simulates on the caller's thread), and the
    /// per-thread counter keeps tests running in parallel on other threads out of the figure.
    /// </summary>
    internal static Measured Measure(IReadOnlyList<string> sets, int seconds)
    {
        var run = ClusterRun.Prepare(ScenarioCompiler.Compile(ScenarioLoader.LoadDefault([.. sets, $"run.duration={seconds}s"])));
        var thread = Environment.CurrentManagedThreadId;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = run.Run();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(thread, Environment.CurrentManagedThreadId);
        return new Measured(bytes, result.Overall.Arrived, result.Replicas.Sum(r => r.Iterations), result);
    }

    /// <summary>What one text request's own object costs, measured on this runtime rather than assumed.</summary>
    private static long RequestBytes()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = new TextRequest(1, 0, 0, 1000, 250, null);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(request);
        return bytes;
    }

    public static TheoryData<string, string[]> Cases => new()
    {
        { "light load, round robin, continuous batching", ["workloads.chat.arrival.rate=10"] },
        { "busy, round robin, continuous batching", ["workloads.chat.arrival.rate=25"] },
        { "busy, keyed least-outstanding routing, chunked prefill", ["workloads.chat.arrival.rate=25", "policies.routing=least_outstanding", "policies.batching=chunked_prefill"] },
        { "busy, a facility with a binding site power cap", ["workloads.chat.arrival.rate=20", "facility.cooling.kind=air", "facility.power_cap.site_kw=5"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_longer_run_allocates_only_its_extra_requests_objects(string name, string[] sets)
    {
        Measure(sets, 20); // warm: JIT, statics, catalog
        var shortRun = Measure(sets, ShortSeconds);
        var longRun = Measure(sets, LongSeconds);

        var extraRequests = longRun.Arrived - shortRun.Arrived;
        var extraIterations = longRun.Iterations - shortRun.Iterations;
        var remainder = longRun.Bytes - shortRun.Bytes - extraRequests * RequestBytes();

        // The runs did differ by what the bound is spread over, and the cluster kept up (steady state).
        Assert.True(extraIterations >= 15_000, $"{name}: only {extraIterations} extra iterations");
        Assert.Equal(longRun.Arrived, longRun.Result.Overall.Completed);
        Assert.True(remainder / (double)extraIterations <= BoundBytesPerIteration,
            $"{name}: {remainder:N0} bytes beyond {extraRequests:N0} requests' own objects over {extraIterations:N0} extra iterations " +
            $"({remainder / (double)extraIterations:F2} B per iteration, {remainder / (double)extraRequests:F1} B per request)");
    }

    [Fact]
    public void The_capped_case_measures_the_cap_s_path()
    {
        // The bound above means something for the cap only if the cap binds: iterations ran below full clock.
        var capped = Measure(["workloads.chat.arrival.rate=20", "facility.cooling.kind=air", "facility.power_cap.site_kw=5"], ShortSeconds);

        Assert.True(capped.Result.Facility!.Energy.CapLimitedAcceleratorHours > 0);
    }
}
