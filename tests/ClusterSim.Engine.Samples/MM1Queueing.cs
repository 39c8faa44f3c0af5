using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Samples;

/// <summary>
/// SimSharp's M/M/1 queueing sample: orders arrive every 3.33 min on average (exponential) at one
/// server that takes 2.5 min on average (exponential); 365 days after a 32-day warm-up. The
/// run is cut into batches so its own confidence interval can be set against the closed forms
/// (utilization rho, WIP rho/(1-rho), waiting time rho/(mu-lambda), lead time 1/(mu-lambda)).
/// </summary>
public static class MM1Queueing
{
    public const double InterArrivalMinutes = 3.33, ServiceMinutes = 2.5;
    public const int WarmupDays = 32, Days = 365, Batches = 20;

    public sealed record Result(double[] WaitingMinutes, double[] LeadMinutes, double[] Utilization, double[] Wip);

    public static double Lambda => 1 / InterArrivalMinutes;

    public static double Mu => 1 / ServiceMinutes;

    public static double Rho => Lambda / Mu;

    public static Result Run(ulong seed, TextWriter? log = null)
    {
        var sim = new Simulation(seed);
        var utilization = new TimeWeightedMonitor(sim, name: "Utilization");
        var wip = new TimeWeightedMonitor(sim, keepSeries: true, name: "WIP");
        var lead = new SampleMonitor(keepSamples: true, name: "Lead time (s)");
        var waiting = new SampleMonitor(keepSamples: true, name: "Waiting time (s)");
        var server = new Resource(sim, 1) { UtilizationMonitor = utilization, WipMonitor = wip, LeadTimeMonitor = lead, WaitingTimeMonitor = waiting };

        IEnumerable<Event> Source()
        {
            var arrivals = sim.Random["arrivals"];
            while (true)
            {
                yield return sim.TimeoutExponentialSeconds(60 * InterArrivalMinutes, arrivals);
                sim.Process(Order());
            }
        }

        IEnumerable<Event> Order()
        {
            using var req = server.Request();
            yield return req;
            yield return sim.TimeoutExponentialSeconds(60 * ServiceMinutes, sim.Random["service"]);
        }

        sim.Process(Source());
        sim.Run(WarmupDays * 24 * SimTime.Hour);
        var batch = Days * 24 * SimTime.Hour / Batches;
        var result = new Result(new double[Batches], new double[Batches], new double[Batches], new double[Batches]);
        for (var b = 0; b < Batches; b++)
        {
            utilization.Reset();
            wip.Reset();
            lead.Reset();
            waiting.Reset();
            sim.Run(sim.Now + batch);
            result.WaitingMinutes[b] = waiting.Mean / 60;
            result.LeadMinutes[b] = lead.Mean / 60;
            result.Utilization[b] = utilization.Mean;
            result.Wip[b] = wip.Mean;
        }

        log?.WriteLine("Analytical: utilization {0:0.0000}, WIP {1:0.0000}, lead time {2:0.0000} min, waiting time {3:0.0000} min",
            Rho, Rho / (1 - Rho), 1 / (Mu - Lambda), Rho / (Mu - Lambda));
        log?.WriteLine("Simulated ({0} batches of {1} days): utilization {2:0.0000}, WIP {3:0.0000}, lead time {4:0.0000} min, waiting time {5:0.0000} min",
            Batches, Days / (double)Batches, result.Utilization.Average(), result.Wip.Average(), result.LeadMinutes.Average(), result.WaitingMinutes.Average());
        log?.WriteLine("Last batch: " + wip.Summarize());
        log?.WriteLine("Last batch: " + waiting.Summarize());
        return result;
    }
}
