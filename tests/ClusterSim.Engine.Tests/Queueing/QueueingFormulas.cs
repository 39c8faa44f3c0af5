namespace ClusterSim.Engine.Tests.Queueing;

/// <summary>Closed-form results of queueing theory, the independent truth for the engine tests.</summary>
internal static class QueueingFormulas
{
    /// <summary>Erlang C: probability an arrival waits in M/M/c with offered load a = lambda/mu.</summary>
    public static double ErlangC(int c, double lambda, double mu)
    {
        var a = lambda / mu;
        var rho = a / c;
        double term = 1, sum = 0;
        for (var k = 0; k < c; k++)
        {
            sum += term;       // a^k / k!
            term *= a / (k + 1);
        }

        var last = term / (1 - rho); // a^c / c! / (1 - rho)
        return last / (sum + last);
    }

    /// <summary>M/M/c mean wait in queue.</summary>
    public static double MmcWait(int c, double lambda, double mu) => ErlangC(c, lambda, mu) / (c * mu - lambda);

    /// <summary>Pollaczek-Khinchine mean wait of M/G/1: lambda E[S^2] / (2 (1 - rho)).</summary>
    public static double Mg1Wait(double lambda, double meanService, double secondMomentService)
        => lambda * secondMomentService / (2 * (1 - lambda * meanService));
}
