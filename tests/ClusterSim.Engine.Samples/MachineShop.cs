using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Samples;

/// <summary>
/// SimSharp's (and SimPy's) machine shop: ten machines make parts (normal 10 +- 2 min each) and
/// break down (exponential, mean 300 min between failures); one repairman fixes them in 30 min,
/// preempting his less important other jobs. Covers interrupts and the preemptive resource.
/// </summary>
public static class MachineShop
{
    public const int Machines = 10;
    public const double ProcessingMean = 10, ProcessingSd = 2, MeanTimeToFailure = 300, RepairTime = 30, OtherJobDuration = 30;
    public static readonly long SimTime28Days = 28 * 24 * 60 * SimTime.Minute;

    public sealed record Result(int[] PartsMade, long ProcessedEvents, double OtherJobsDone);

    public static Result Run(ulong seed, TextWriter? log = null, long? until = null)
    {
        var sim = new Simulation(seed);
        var repairman = new PreemptiveResource(sim, 1);
        var parts = new int[Machines];
        var broken = new bool[Machines];
        var otherDone = 0.0;
        for (var m = 0; m < Machines; m++)
        {
            var id = m;
            var stream = sim.Random[$"machine-{id}"];
            var working = sim.Process(Working(id));
            sim.Process(Breaking(working, id));

            IEnumerable<Event> Working(int machine)
            {
                while (true)
                {
                    var doneIn = SimTime.FromSeconds(60 * sim.RandNormalPositive(ProcessingMean, ProcessingSd, stream));
                    while (doneIn > 0)
                    {
                        var start = sim.Now;
                        yield return sim.Timeout(doneIn);
                        if (sim.ActiveProcess!.HandleFault())
                        {
                            broken[machine] = true;
                            doneIn -= sim.Now - start;
                            using (var req = repairman.Request(priority: 1, preempt: true))
                            {
                                yield return req;
                                yield return sim.Timeout((long)(RepairTime * SimTime.Minute));
                            }

                            broken[machine] = false;
                        }
                        else
                        {
                            doneIn = 0;
                        }
                    }

                    parts[machine]++;
                }
            }

            IEnumerable<Event> Breaking(Process target, int machine)
            {
                var failures = sim.Random[$"failure-{machine}"];
                while (true)
                {
                    yield return sim.TimeoutSeconds(60 * sim.RandExponential(MeanTimeToFailure, failures));
                    if (!broken[machine])
                    {
                        target.Interrupt();
                    }
                }
            }
        }

        IEnumerable<Event> OtherJobs()
        {
            while (true)
            {
                var doneIn = (long)(OtherJobDuration * SimTime.Minute);
                while (doneIn > 0)
                {
                    using var req = repairman.Request(priority: 2, preempt: false);
                    yield return req;
                    var start = sim.Now;
                    yield return sim.Timeout(doneIn);
                    if (sim.ActiveProcess!.HandleFault())
                    {
                        doneIn -= sim.Now - start;
                    }
                    else
                    {
                        doneIn = 0;
                    }
                }

                otherDone++;
            }
        }

        sim.Process(OtherJobs());
        sim.Run(until ?? SimTime28Days);

        log?.WriteLine("== Machine shop ==");
        log?.WriteLine(FormattableString.Invariant($"Machine shop results after {sim.NowSeconds / 86400:0.##} days."));
        for (var m = 0; m < Machines; m++)
        {
            log?.WriteLine($"Machine {m} made {parts[m]} parts.");
        }

        log?.WriteLine($"Other jobs done: {otherDone}; processed {sim.ProcessedEvents} events.");
        return new Result(parts, sim.ProcessedEvents, otherDone);
    }
}
