using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Tests.Queueing;

public sealed class LittlesLawTests
{
    [Fact]
    public void Time_average_number_in_system_equals_arrival_rate_times_mean_sojourn_on_a_sample_path()
    {
        // Starting and ending empty, the area under N(t) is exactly the sum of sojourn times, so
        // L = lambda_hat * W holds on the sample path up to floating-point rounding.
        var sim = new Simulation(3);
        var server = new ClusterSim.Engine.Resources.Resource(sim, 2);
        var inSystem = new TimeWeightedMonitor(sim);
        var sojourn = new SampleMonitor();
        var rng = sim.Random["arrivals"];
        var svc = sim.Random["service"];
        const int n = 50_000;

        IEnumerable<Event> Customer()
        {
            var arrived = sim.Now;
            inSystem.Increment();
            using (var req = server.Request())
            {
                yield return req;
                yield return sim.TimeoutSeconds(svc.NextExponential(0.6));
            }

            inSystem.Decrement();
            sojourn.Add(SimTime.ToSeconds(sim.Now - arrived));
        }

        IEnumerable<Event> Source()
        {
            for (var i = 0; i < n; i++)
            {
                yield return sim.TimeoutSeconds(rng.NextExponential(1.0));
                sim.Process(Customer());
            }
        }

        sim.Process(Source());
        sim.Run();

        var T = sim.NowSeconds;
        var L = inSystem.Mean;
        var lambdaHat = n / T;
        Assert.Equal(0, inSystem.Current);
        Assert.Equal(n, sojourn.Count);
        Assert.Equal(L, lambdaHat * sojourn.Mean, 6);
        Assert.True(Math.Abs(L - lambdaHat * sojourn.Mean) / L < 1e-9);
    }
}
