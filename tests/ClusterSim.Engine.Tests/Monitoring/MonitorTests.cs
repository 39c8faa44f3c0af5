using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine.Tests.Monitoring;

public sealed class MonitorTests
{
    [Fact]
    public void Sample_monitor_matches_textbook_mean_variance_and_percentiles()
    {
        var m = new SampleMonitor(keepSamples: true);
        foreach (var x in new double[] { 2, 4, 4, 4, 5, 5, 7, 9 })
        {
            m.Add(x);
        }

        Assert.Equal(5.0, m.Mean, 12);
        Assert.Equal(32.0 / 7.0, m.Variance, 12); // sum of squared deviations 32, n-1 = 7
        Assert.Equal(2, m.Min);
        Assert.Equal(9, m.Max);
        Assert.Equal(4.5, m.Percentile(50), 12);
        Assert.Equal(9, m.Percentile(100), 12);
    }

    [Fact]
    public void Sample_monitor_without_samples_refuses_percentiles()
    {
        var m = new SampleMonitor();
        m.Add(1);
        Assert.Throws<InvalidOperationException>(() => m.Percentile(50));
    }

    [Fact]
    public void Time_weighted_mean_integrates_the_piecewise_constant_level()
    {
        var sim = new Simulation();
        var m = new TimeWeightedMonitor(sim, 0);
        sim.Timeout(2).AddCallback(_ => m.Update(3)); // 0 on [0,2)
        sim.Timeout(5).AddCallback(_ => m.Update(1)); // 3 on [2,5)
        sim.Run(10);                                   // 1 on [5,10)
        // (0*2 + 3*3 + 1*5) / 10 = 1.4; E[x^2] = (0 + 27 + 5)/10 = 3.2; var = 3.2 - 1.96
        Assert.Equal(1.4, m.Mean, 12);
        Assert.Equal(1.24, m.Variance, 12);
        Assert.Equal(3, m.Max);
        Assert.Equal(0, m.Min);
    }
}
