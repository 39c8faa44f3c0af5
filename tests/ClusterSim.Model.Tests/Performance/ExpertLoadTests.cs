using ClusterSim.Model.Performance;
using MathNet.Numerics.Distributions;
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
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(32)]
    public void The_gamma_tail_is_the_harmonic_number_for_exponential_loads_and_the_normal_one_for_large_shapes(int ranks)
    {
        // Shape 1 is the exponential: the expected maximum of m unit exponentials is the harmonic number H_m.
        var harmonic = Enumerable.Range(1, ranks).Sum(i => 1.0 / i);
        Assert.Equal(harmonic - 1, RankTail.GammaMaxDeviations(ranks, 1), 3);
        Assert.Equal(harmonic - 1, RankTail.For(ranks).StandardDeviations(1), 2);
        // A large shape is nearly normal.
        Assert.Equal(ExpertLoad.ExpectedMaxOfNormals(ranks), RankTail.GammaMaxDeviations(ranks, 10_000), 1);
        Assert.Equal(ExpertLoad.ExpectedMaxOfNormals(ranks), RankTail.For(ranks).StandardDeviations(1e6), 9);
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
        var model = ExpertLoad.Busiest(assignments, ranks);
        output.WriteLine($"{assignments} assignments over {ranks} ranks: busiest {model:F2} (normal approximation), sampled {sampled:F2}, {100 * (model / sampled - 1):+0.0;-0.0} %");
        Assert.InRange(model / sampled - 1, -tolerance, tolerance);
    }

    [Fact]
    public void The_busiest_rank_carries_at_least_an_even_share_and_at_most_everything()
    {
        Assert.Equal(100, ExpertLoad.Busiest(100, 1));
        // 3 assignments over 64 ranks: almost surely three ranks with one each.
        Assert.Equal(1, ExpertLoad.Busiest(3, 64));
        Assert.Equal(3, ExpertLoad.Busiest(3, 1));
    }

    [Theory]
    // experts, ranks, tokens x top-k a step, coefficient of variation of the experts' popularity, tolerance
    [InlineData(256, 8, 8_192, 1.282, 0.03)]   // DeepSeek-R1's measured skew at the H200 row's EP 8 (-1.6 %)
    [InlineData(256, 32, 32_768, 1.282, 0.03)] // the same at tech blog 4's EP 32 (-1.1 %; a normal tail: -11.3 %)
    [InlineData(128, 8, 8_192, 0.5, 0.03)]     // a milder router, Qwen3's shape (-1.1 %)
    [InlineData(64, 4, 2_048, 0.8, 0.04)]      // (-2.4 %)
    public void The_busiest_rank_matches_sampled_routing_over_experts_of_unequal_popularity(int experts, int ranks, int assignments, double cv, double tolerance)
    {
        // Truth by sampling: each trial draws the experts' shares (gamma with the given coefficient of variation), places
        // the experts on ranks in a random order, and routes every assignment by those shares. The formula is given the
        // same cv and the trials' mean hottest-over-mean ratio, as a measurement would give them.
        var random = new Random(2026);
        var gamma = new Gamma(1 / (cv * cv), 1, new Random(7));
        const int trials = 4_000;
        var shares = new double[experts];
        var order = Enumerable.Range(0, experts).ToArray();
        var loads = new double[ranks];
        double busiest = 0, hottest = 0;
        for (var t = 0; t < trials; t++)
        {
            var total = 0.0;
            for (var e = 0; e < experts; e++)
            {
                shares[e] = gamma.Sample();
                total += shares[e];
            }

            hottest += shares.Max() / (total / experts);
            random.Shuffle(order);
            Array.Clear(loads);
            var cumulative = new double[experts];
            var running = 0.0;
            for (var e = 0; e < experts; e++)
            {
                running += shares[e] / total;
                cumulative[e] = running;
            }

            for (var a = 0; a < assignments; a++)
            {
                var i = Array.BinarySearch(cumulative, random.NextDouble());
                var e = Math.Min(experts - 1, i < 0 ? ~i : i);
                loads[order[e] % ranks]++;
            }

            busiest += loads.Max();
        }

        var sampled = busiest / trials;
        var popularity = new ExpertPopularity(cv, hottest / trials, "sampled");
        var model = ExpertLoad.Busiest(assignments, ranks, experts, popularity);
        output.WriteLine($"{experts} experts over {ranks} ranks, cv {cv}, hottest {hottest / trials:F2}: busiest {model / (assignments / (double)ranks):F3} of the mean, " +
                         $"sampled {sampled / (assignments / (double)ranks):F3}, {100 * (model / sampled - 1):+0.0;-0.0} %");
        Assert.InRange(model / sampled - 1, -tolerance, tolerance);
    }

    [Fact]
    public void DeepSeek_R1s_rank_loads_follow_from_its_expert_loads_as_TensorRT_LLM_measured_them()
    {
        // TensorRT-LLM tech blog 4, Table 1 (DeepSeek-R1, EP 32 on 32 GB200s, 256 experts, no EPLB): by expert a standard
        // deviation of 164.1 on a mean of 128 and an imbalance ratio of 10.948 set the catalog's load_cv and hottest_load
        // (a fit). By rank, the same run gave a standard deviation of 491.6 on 1,024 and an imbalance ratio of 1.564,
        // which nothing was set from: the derivation from experts to ranks is checked against them. Averaged over layers,
        // the hot layers' heavier tails weigh in, so the prediction may fall short; it does, by 7 % (spread) and 9 % (busiest).
        var popularity = new ExpertPopularity(164.1 / 128, 11.948, "tech blog 4");
        const int ranks = 32, experts = 256;
        const double mean = 1024;
        var shareCv = popularity.Cv * Math.Sqrt((1 - 1.0 / ranks) / (experts / (double)ranks));
        var spread = Math.Sqrt(mean * shareCv * mean * shareCv + mean * (1 - 1.0 / ranks));
        var busiest = ExpertLoad.Busiest(mean * ranks, ranks, experts, popularity);
        output.WriteLine($"rank spread {spread:F1} against 491.6 ({100 * (spread / 491.6 - 1):+0.0;-0.0} %); busiest {busiest:F0} against {mean * 2.564:F0} ({100 * (busiest / (mean * 2.564) - 1):+0.0;-0.0} %)");
        Assert.InRange(spread / 491.6 - 1, -0.10, 0.0);
        Assert.InRange(busiest / (mean * 2.564) - 1, -0.12, 0.0);

        // With EPLB (9 slots a rank, or EP 36) the busiest rank was 1.109 to 1.115 times the mean, with a spread of 52 to
        // 54. A balanced placement (cv 0) leaves only each token's random choice: 1.064 and 31.5, so a deployment given
        // expert_load cv 0 for EPLB reads optimistic by about 4 % of its expert time (the residual of a placement set from
        // earlier statistics is not modelled).
        // By hand: the binomial's mean + 2.0697 (the expected maximum of 32 standard normals) x sqrt(32,768 x 1/32 x 31/32).
        var balanced = ExpertLoad.Busiest(mean * ranks, ranks, experts, new ExpertPopularity(0, 1, "balanced"));
        var byHand = mean + 2.0697 * Math.Sqrt(mean * ranks / ranks * (1 - 1.0 / ranks));
        output.WriteLine($"balanced: busiest {balanced / mean:F3} of the mean (by hand {byHand / mean:F3}) against 1.109 to 1.115 with EPLB");
        Assert.Equal(byHand, balanced, byHand * 1e-4);
        Assert.InRange(balanced / mean, 1.05, 1.08);
        // A known gap, asserted as the band it is in: 4 to 5 % under what EPLB left.
        Assert.InRange(balanced / (mean * 1.109) - 1, -0.05, -0.04);
    }
}
