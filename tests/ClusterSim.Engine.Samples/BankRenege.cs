using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Samples;

/// <summary>
/// SimSharp's bank renege: customers arrive (exponential, mean 10 min) at one counter and wait at
/// most their patience (uniform 1 to 3 min) before leaving unserved; service is exponential with
/// mean 12 min. Covers condition events (request | timeout) and break-off monitoring.
/// </summary>
public static class BankRenege
{
    public const double ArrivalMean = 10, ServiceMean = 12, MinPatience = 1, MaxPatience = 3;

    public sealed record Customer(int Id, double Arrived, double Patience, double Waited, bool Served);

    public sealed record Result(IReadOnlyList<Customer> Customers, SampleMonitor WaitingTime, SampleMonitor BreakOffTime, TimeWeightedMonitor Utilization);

    public static Result Run(ulong seed, TextWriter? log = null, int customers = 10)
    {
        var sim = new Simulation(seed);
        var counter = new Resource(sim, 1)
        {
            WaitingTimeMonitor = new SampleMonitor(keepSamples: true, name: "Waiting time (s)"),
            BreakOffTimeMonitor = new SampleMonitor(keepSamples: true, name: "Break-off time (s)"),
            UtilizationMonitor = new TimeWeightedMonitor(sim, name: "Utilization"),
        };
        var done = new List<Customer>();
        double Minutes() => sim.NowSeconds / 60;

        IEnumerable<Event> Source()
        {
            for (var i = 0; i < customers; i++)
            {
                sim.Process(Visit(i));
                yield return sim.TimeoutSeconds(60 * sim.RandExponential(ArrivalMean, sim.Random["arrivals"]));
            }
        }

        IEnumerable<Event> Visit(int id)
        {
            var arrive = Minutes();
            log?.WriteLine(FormattableString.Invariant($"{arrive,8:0.00} Customer {id}: here I am"));
            var patience = sim.RandUniform(MinPatience, MaxPatience, sim.Random["patience"]);
            using var req = counter.Request();
            yield return req | sim.TimeoutSeconds(60 * patience);
            var wait = Minutes() - arrive;
            if (req.IsProcessed)
            {
                log?.WriteLine(FormattableString.Invariant($"{Minutes(),8:0.00} Customer {id}: waited {wait:0.00}"));
                yield return sim.TimeoutSeconds(60 * sim.RandExponential(ServiceMean, sim.Random["service"]));
                log?.WriteLine(FormattableString.Invariant($"{Minutes(),8:0.00} Customer {id}: finished"));
                done.Add(new Customer(id, arrive, patience, wait, true));
            }
            else
            {
                log?.WriteLine(FormattableString.Invariant($"{Minutes(),8:0.00} Customer {id}: RENEGED after {wait:0.00}"));
                done.Add(new Customer(id, arrive, patience, wait, false));
            }
        }

        sim.Process(Source());
        sim.Run();
        log?.WriteLine(counter.WaitingTimeMonitor.Summarize());
        log?.WriteLine(counter.BreakOffTimeMonitor.Summarize());
        log?.WriteLine(counter.UtilizationMonitor.Summarize());
        return new Result(done, counter.WaitingTimeMonitor, counter.BreakOffTimeMonitor, counter.UtilizationMonitor);
    }
}
