using ClusterSim.Model.Performance;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>The busiest expert-parallel rank's load against closed forms and against sampled routing.</summary>
public sealed class ExpertLoadTests(ITestOutputHelper output)
{
    [Fact]
    public void The_expected_maximum_of_two_and_three_normals_is_the_closed_form()
    {
        // E[max(Z1, Z2)] = 1 / sqrt(pi); E[max(Z1, Z2, Z3)] = 3 / (2 sqrt(pi)).
        Assert.Equal(1 / Math.Sqrt(Math.PI), ExpertLoad.ExpectedMaxOfNormals(2), 1e-9);
        Assert.Equal(3 / (2 * Math.Sqrt(Math.PI)), ExpertLoad.ExpectedMaxOfNormals(3), 1e-9);
        Assert.Equal(0, ExpertLoad.ExpectedMaxOfNormals(1));
    }

    [Theory]
    // assignments (tokens x top-k), ranks, tolerance of the normal approximation against the sampled mean
    [InlineData(64, 4, 0.04)]     // mean load 16 per rank
    [InlineData(400, 8, 0.03)]    // 50
    [InlineData(8_192, 8, 0.01)]  // 1,024
    [InlineData(2_048, 32, 0.04)] // 64
    public void The_busiest_rank_matches_sampled_uniform_routing(int assignments, int ranks, double tolerance)
    {
        var random = new Random(12345);
        var loads = new int[ranks];
        const int samples = 20_000;
        double sum = 0;
        for (var s = 0; s < samples; s++)
        {
            Array.Clear(loads);
            for (var a = 0; a < assignments; a++)
            {
                loads[random.Next(ranks)]++;
            }

            sum += loads.Max();
        }

        var sampled = sum / samples;
        var model = ExpertLoad.Busiest(assignments, ranks, ExpertLoad.ExpectedMaxOfNormals(ranks));
        output.WriteLine($"{assignments} assignments over {ranks} ranks: busiest {model:F2} (normal approximation), sampled {sampled:F2}, {100 * (model / sampled - 1):+0.0;-0.0} %");
        Assert.InRange(model / sampled - 1, -tolerance, tolerance);
    }

    [Fact]
    public void The_busiest_rank_carries_at_least_an_even_share_and_at_most_everything()
    {
        Assert.Equal(100, ExpertLoad.Busiest(100, 1, 0));
        // 3 assignments over 64 ranks: almost surely three ranks with one each (the approximation alone would say 0.55).
        Assert.Equal(1, ExpertLoad.Busiest(3, 64, ExpertLoad.ExpectedMaxOfNormals(64)));
        Assert.Equal(3, ExpertLoad.Busiest(3, 1, 0));
        Assert.Equal(13, ExpertLoad.Busiest(100, 8, 0)); // never below an even share, rounded up
    }
}
