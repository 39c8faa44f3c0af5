using Xunit.Abstractions;

namespace ClusterSim.Engine.Tests.Queueing;

/// <summary>
/// The engine against closed-form queueing theory. Each assertion requires the analytic value to
/// lie inside the 99 % confidence interval of the simulated estimate (batch means over the run).
/// </summary>
public sealed class QueueingTheoryTests(ITestOutputHelper output)
{
    private const double Mu = 1.0; // service rate: one per second

    [Theory]
    [InlineData(0.5, 200_000)]
    [InlineData(0.9, 1_000_000)]
    public void MM1_mean_wait_and_queue_length_match_theory(double rho, int customers)
    {
        var lambda = rho * Mu;
        var result = new QueueExperiment
        {
            ArrivalRate = lambda,
            Servers = 1,
            Service = r => r.NextExponential(Mu),
            Customers = customers,
            Seed = 11,
        }.Run();

        var wq = rho / (Mu - lambda);           // M/M/1 mean wait in queue
        var lq = rho * rho / (1 - rho);          // mean number in queue
        output.WriteLine($"M/M/1 rho={rho}: Wq sim {result.Wait} theory {wq:G6}; Lq sim {result.QueueLength} theory {lq:G6}; events {result.Events}");
        Assert.True(result.Wait.Contains(wq), $"Wq {wq} outside {result.Wait}");
        Assert.True(result.QueueLength.Contains(lq), $"Lq {lq} outside {result.QueueLength}");
        Precise(result.Wait, wq, rho < 0.7 ? 0.06 : 0.08);
        Precise(result.QueueLength, lq, rho < 0.7 ? 0.06 : 0.08);
    }

    [Theory]
    [InlineData(4, 0.8)]
    [InlineData(8, 0.85)]
    public void MMc_probability_of_waiting_and_mean_wait_match_Erlang_C(int c, double rho)
    {
        var lambda = rho * c * Mu;
        var result = new QueueExperiment
        {
            ArrivalRate = lambda,
            Servers = c,
            Service = r => r.NextExponential(Mu),
            Customers = 400_000,
            Seed = 23,
        }.Run();

        var pWait = QueueingFormulas.ErlangC(c, lambda, Mu);
        var wq = QueueingFormulas.MmcWait(c, lambda, Mu);
        output.WriteLine($"M/M/{c} rho={rho}: P(wait) sim {result.ProbabilityOfWaiting} theory {pWait:G6}; Wq sim {result.Wait} theory {wq:G6}");
        Assert.True(result.ProbabilityOfWaiting.Contains(pWait), $"P(wait) {pWait} outside {result.ProbabilityOfWaiting}");
        Assert.True(result.Wait.Contains(wq), $"Wq {wq} outside {result.Wait}");
        Precise(result.ProbabilityOfWaiting, pWait, c <= 4 ? 0.02 : 0.03);
        Precise(result.Wait, wq, 0.09);
    }

    [Fact]
    public void MD1_mean_wait_matches_Pollaczek_Khinchine()
    {
        const double rho = 0.8;
        var result = new QueueExperiment
        {
            ArrivalRate = rho * Mu,
            Servers = 1,
            Service = _ => 1 / Mu,
            Customers = 400_000,
            Seed = 31,
        }.Run();

        var wq = rho / (2 * Mu * (1 - rho)); // M/D/1
        output.WriteLine($"M/D/1: Wq sim {result.Wait} theory {wq:G6}");
        Assert.True(result.Wait.Contains(wq), $"Wq {wq} outside {result.Wait}");
        Precise(result.Wait, wq, 0.06);
    }

    [Fact]
    public void MG1_with_uniform_service_matches_Pollaczek_Khinchine()
    {
        // S ~ U(0.5, 2.5) s: E[S] = 1.5, E[S^2] = Var + mean^2 = 4/12 + 2.25.
        const double lambda = 0.5;
        var result = new QueueExperiment
        {
            ArrivalRate = lambda,
            Servers = 1,
            Service = r => 0.5 + 2.0 * r.NextDouble(),
            Customers = 400_000,
            Seed = 47,
        }.Run();

        var wq = QueueingFormulas.Mg1Wait(lambda, 1.5, 4.0 / 12 + 2.25);
        output.WriteLine($"M/G/1 (uniform): Wq sim {result.Wait} theory {wq:G6}");
        Assert.True(result.Wait.Contains(wq), $"Wq {wq} outside {result.Wait}");
        Precise(result.Wait, wq, 0.06);
    }

    [Fact]
    public void MM1_on_the_allocation_free_path_matches_theory()
    {
        const double rho = 0.9;
        var result = HotPathMM1.Run(lambda: rho * Mu, mu: Mu, customers: 1_000_000, batches: 20, seed: 5);
        var wq = rho / (Mu - rho * Mu);
        output.WriteLine($"hot-path M/M/1 rho=0.9: Wq sim {result} theory {wq:G6}");
        Assert.True(result.Contains(wq), $"Wq {wq} outside {result}");
        Precise(result, wq, 0.10);
    }

    [Fact]
    public void Erlang_C_formula_reduces_to_rho_for_one_server()
    {
        // Guards the reference itself: for c = 1, P(wait) = rho.
        Assert.Equal(0.7, QueueingFormulas.ErlangC(1, 0.7, 1.0), 12);
    }

    [Fact]
    public void Erlang_C_formula_gives_the_textbook_value_for_two_servers()
    {
        // c = 2, a = lambda/mu = 1, rho = 1/2: C = (a^2/2! / (1 - rho)) / (1 + a + a^2/2! / (1 - rho)) = 1 / 3.
        Assert.Equal(1.0 / 3, QueueingFormulas.ErlangC(2, 1.0, 1.0), 12);
    }

    /// <summary>
    /// Containing the theory value is only evidence when the interval is narrow: a variance
    /// estimate inflated by a bug would widen it until anything fits. Each bound is about 1.5
    /// times the relative half-width these fixed seeds give (3 % to 7 %), so it holds with margin
    /// yet fails if the interval doubles.
    /// </summary>
    private static void Precise(BatchMeans estimate, double theory, double maxRelativeHalfWidth)
        => Assert.True(estimate.HalfWidth < maxRelativeHalfWidth * theory,
            $"half-width {estimate.HalfWidth:G3} is not below {maxRelativeHalfWidth:P0} of the theory value {theory:G6}");
}
