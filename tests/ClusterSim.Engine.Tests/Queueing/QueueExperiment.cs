using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Randomness;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Tests.Queueing;

/// <summary>
/// A G/G/c queue built from the public modelling API (processes, a Resource, timeouts), measured
/// by batch means: waiting time, probability of waiting and time-average queue length.
/// </summary>
internal sealed class QueueExperiment
{
    public required double ArrivalRate { get; init; }

    public required int Servers { get; init; }

    /// <summary>Draws one service time in seconds.</summary>
    public required Func<SimRandom, double> Service { get; init; }

    public required int Customers { get; init; }

    public int Batches { get; init; } = 20;

    public double WarmupFraction { get; init; } = 0.02;

    public ulong Seed { get; init; } = 1;

    public sealed record Result(BatchMeans Wait, BatchMeans ProbabilityOfWaiting, BatchMeans QueueLength, long Events);

    public Result Run()
    {
        var sim = new Simulation(Seed);
        var server = new Resource(sim, Servers) { QueueLengthMonitor = new TimeWeightedMonitor(sim) };
        var arrivals = sim.Random["arrivals"];
        var service = sim.Random["service"];

        var warmup = (int)(Customers * WarmupFraction);
        var perBatch = (Customers - warmup) / Batches;
        var waitSums = new double[Batches];
        var waitedCounts = new double[Batches];
        var areaAt = new double[Batches + 1];
        var timeAt = new double[Batches + 1];

        IEnumerable<Event> Customer(int index)
        {
            var arrived = sim.Now;
            using var request = server.Request();
            yield return request;
            var batch = (index - warmup) / perBatch;
            if (index >= warmup && batch < Batches)
            {
                var wait = SimTime.ToSeconds(sim.Now - arrived);
                waitSums[batch] += wait;
                waitedCounts[batch] += wait > 0 ? 1 : 0;
            }

            yield return sim.TimeoutSeconds(Service(service));
        }

        IEnumerable<Event> Source()
        {
            for (var i = 0; i <= Customers; i++) // one extra arrival closes the last batch window
            {
                yield return sim.TimeoutSeconds(arrivals.NextExponential(ArrivalRate));
                // Batch boundaries for time averages are the arrival instants of batch starts.
                if (i >= warmup && (i - warmup) % perBatch == 0 && (i - warmup) / perBatch <= Batches)
                {
                    var b = (i - warmup) / perBatch;
                    areaAt[b] = server.QueueLengthMonitor!.Area;
                    timeAt[b] = sim.NowSeconds;
                }

                sim.Process(Customer(i));
            }
        }

        sim.Process(Source());
        sim.Run();
        var waits = waitSums.Select(s => s / perBatch).ToArray();
        var pWait = waitedCounts.Select(s => s / perBatch).ToArray();
        var lq = Enumerable.Range(0, Batches)
            .Select(b => (areaAt[b + 1] - areaAt[b]) / (timeAt[b + 1] - timeAt[b]))
            .ToArray();
        return new Result(BatchMeans.From(waits), BatchMeans.From(pWait), BatchMeans.From(lq), sim.ProcessedEvents);
    }
}
