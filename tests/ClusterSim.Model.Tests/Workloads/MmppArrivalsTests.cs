using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Workloads.Arrivals;

namespace ClusterSim.Model.Tests.Workloads;

public sealed class MmppArrivalsTests
{
    // Normal state: 2/s for 9 s on average; burst: 20/s for 1 s on average.
    private const double L0 = 2, L1 = 20, S0 = 9, S1 = 1;
    private const double Window = 100;
    private const int Replications = 4000;

    [Fact]
    public void Counts_have_the_exact_mean_rate_and_index_of_dispersion()
    {
        // Independent replications, each a fresh stationary stream observed for one window.
        var counts = new double[Replications];
        for (var i = 0; i < Replications; i++)
        {
            var mmpp = new MmppArrivals(L0, L1, S0, S1);
            counts[i] = Stat.ArrivalsUntil(mmpp, new SimRandom(1000 + (ulong)i), Window).Count;
        }

        // Theory (doubly stochastic Poisson with a two-state Markov rate): with switching rates
        // r0 = 1/S0, r1 = 1/S1, κ = r0 + r1, π0 = r1/κ, π1 = r0/κ and mean rate m = π0 λ0 + π1 λ1,
        // Var N(t) = m t + 2 π0 π1 (λ0 − λ1)² [t/κ − (1 − e^(−κt))/κ²].
        double r0 = 1 / S0, r1 = 1 / S1, kappa = r0 + r1, p0 = r1 / kappa, p1 = r0 / kappa;
        var m = p0 * L0 + p1 * L1;
        var expectedMean = m * Window;
        var expectedVariance = expectedMean
            + 2 * p0 * p1 * (L0 - L1) * (L0 - L1) * (Window / kappa - (1 - Math.Exp(-kappa * Window)) / (kappa * kappa));
        Assert.Equal(3.8, m, 12); // hand check: (2·9 + 20·1) / 10

        var meanSe = Math.Sqrt(expectedVariance / Replications);
        Stat.Resolves(expectedMean, meanSe, 0.015, "MMPP mean count");
        Stat.Near(expectedMean, Stat.Mean(counts), meanSe, "MMPP mean count");

        var (variance, varianceSe) = Stat.VarianceWithError(counts);
        Stat.Resolves(expectedVariance, varianceSe, 0.2, "MMPP count variance");
        Stat.Near(expectedVariance, variance, varianceSe, "MMPP count variance");

        // The index of dispersion is far from Poisson's 1: the test tells bursts from no bursts.
        Assert.True(expectedVariance / expectedMean > 10);
    }

    [Fact]
    public void Burst_parameters_give_the_stated_mean_and_share_of_arrivals_in_bursts()
    {
        // Mean 5/s, bursts at 8x the normal rate, 10 % of the time, lasting 2 s on average.
        const double mean = 5, factor = 8, fraction = 0.1;
        var mmpp = MmppArrivals.FromBursts(mean, factor, fraction, 2);
        Assert.Equal(factor, mmpp.Rate1 / mmpp.Rate0, 12);
        Assert.Equal(fraction, mmpp.MeanSojourn1Seconds / (mmpp.MeanSojourn0Seconds + mmpp.MeanSojourn1Seconds), 12);

        // Share of arrivals that come in bursts: f·b / (1 − f + f·b).
        var expectedShare = fraction * factor / (1 - fraction + fraction * factor);
        const int batches = 200;
        const double batchSeconds = 2000;
        var rng = new SimRandom(77);
        var counts = new double[batches];
        var shares = new double[batches];
        var t = 0.0;
        for (var b = 0; b < batches; b++)
        {
            var (n, inBurst) = (0, 0);
            while (true)
            {
                t += mmpp.NextGapSeconds(rng, t);
                if (t >= (b + 1) * batchSeconds)
                {
                    break;
                }

                n++;
                inBurst += mmpp.State;
            }

            counts[b] = n;
            shares[b] = (double)inBurst / n;
        }

        // Batches of 2000 s are hundreds of state cycles long: their statistics are nearly
        // independent, so batch means give the standard errors. (The arrival that ends a batch
        // is dropped, which shifts each count by at most one: far below the error.)
        var rateSe = Math.Sqrt(Stat.Variance(counts) / batches) / batchSeconds;
        Stat.Resolves(mean, rateSe, 0.02, "burst mean rate");
        Stat.Near(mean, Stat.Mean(counts) / batchSeconds, rateSe, "burst mean rate");
        var shareSe = Math.Sqrt(Stat.Variance(shares) / batches);
        Stat.Near(expectedShare, Stat.Mean(shares), shareSe, "share of arrivals in bursts");
    }

    [Fact]
    public void Equal_state_rates_make_a_poisson_process()
    {
        var gaps = Stat.Gaps(new MmppArrivals(3, 3, 1, 4), seed: 9, n: 300_000);

        Stat.Near(1.0 / 3, Stat.Mean(gaps), 1.0 / 3 / Math.Sqrt(gaps.Length), "mean gap");
        var (cv, cvSe) = Stat.BatchEstimate(gaps, 100, g => Stat.Cv(g));
        Stat.Near(1.0, cv, cvSe, "CV");
    }

    [Fact]
    public void A_silent_state_produces_no_arrivals_while_it_lasts()
    {
        // Interrupted Poisson: rate 0 in state 0. Every arrival must come while in state 1.
        var mmpp = new MmppArrivals(0, 10, 1, 1);
        var rng = new SimRandom(4);
        var t = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            t += mmpp.NextGapSeconds(rng, t);
            Assert.Equal(1, mmpp.State);
        }
    }

    [Fact]
    public void Sharing_one_instance_between_two_streams_is_caught()
    {
        var mmpp = new MmppArrivals(1, 10, 1, 1);
        var rng = new SimRandom(1);
        var t = 0.0;
        for (var i = 0; i < 10; i++)
        {
            t += mmpp.NextGapSeconds(rng, t);
        }

        Assert.Throws<InvalidOperationException>(() => mmpp.NextGapSeconds(rng, 0));
    }
}
