using ClusterSim.Engine.Core;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Samples;

/// <summary>
/// SimSharp's gas station: two pumps share a 200 L reservoir; cars (arriving uniform 30 to 300
/// min apart) fill their 50 L tank from 5 to 26 L at 2 L/s; a control process waits with
/// <see cref="Container.WhenAtMost"/> for the reservoir to fall to 10 % and calls a tank truck,
/// which arrives 10 min later and fills the reservoir. Covers containers and their conditions.
/// </summary>
public static class GasStationRefuelling
{
    public const double StationSize = 200, ThresholdPercent = 10, TankSize = 50, LitresPerSecond = 2;
    public static readonly long TruckDelay = 10 * SimTime.Minute;
    public static readonly long SimDuration = 3000 * SimTime.Minute;

    public sealed record Result(
        double Dispensed, double Delivered, double FinalLevel, IReadOnlyList<(long Called, long Arrived, double LevelAtCall)> Trucks,
        IReadOnlyList<(double Litres, long PumpSeconds)> Fills, TimeWeightedMonitor WaitingCars);

    public static Result Run(ulong seed, TextWriter? log = null)
    {
        var sim = new Simulation(seed);
        var pumps = new Resource(sim, 2)
        {
            QueueLengthMonitor = new TimeWeightedMonitor(sim, keepSeries: true, name: "Waiting cars"),
            WaitingTimeMonitor = new SampleMonitor(keepSamples: true, name: "Waiting time (s)"),
            UtilizationMonitor = new TimeWeightedMonitor(sim, name: "Pump utilization"),
        };
        var reservoir = new Container(sim, StationSize, StationSize) { FillRateMonitor = new TimeWeightedMonitor(sim, 1, name: "Reservoir fill") };
        double dispensed = 0, delivered = 0;
        var trucks = new List<(long, long, double)>();
        var fills = new List<(double, long)>();

        IEnumerable<Event> Car(int id)
        {
            var level = sim.RandUniform(5, 26, sim.Random["tank-levels"]);
            log?.WriteLine(FormattableString.Invariant($"{sim.NowSeconds / 60,8:0.0} min: car {id} arrives"));
            using var req = pumps.Request();
            var start = sim.Now;
            yield return req;
            var required = TankSize - level;
            var pumpStart = sim.Now;
            if (required > reservoir.Level && reservoir.Level > 0)
            {
                var first = reservoir.Level;
                yield return reservoir.Get(first); // draw it empty, then wait for the truck for the rest
                yield return sim.TimeoutSeconds(first / LitresPerSecond);
                yield return reservoir.Get(required - first);
                yield return sim.TimeoutSeconds((required - first) / LitresPerSecond);
            }
            else
            {
                yield return reservoir.Get(required);
                yield return sim.TimeoutSeconds(required / LitresPerSecond);
            }

            dispensed += required;
            fills.Add((required, (sim.Now - pumpStart) / SimTime.Second));
            log?.WriteLine(FormattableString.Invariant($"{sim.NowSeconds / 60,8:0.0} min: car {id} refuelled {required:0.0} L in {SimTime.ToSeconds(sim.Now - start):0} s"));
        }

        IEnumerable<Event> Control()
        {
            while (true)
            {
                yield return reservoir.WhenAtMost(StationSize * ThresholdPercent / 100);
                var called = sim.Now;
                var levelAtCall = reservoir.Level;
                log?.WriteLine(FormattableString.Invariant($"{sim.NowSeconds / 60,8:0.0} min: calling the tank truck ({levelAtCall:0.0} L left)"));
                yield return sim.Timeout(TruckDelay);
                var amount = StationSize - reservoir.Level;
                delivered += amount;
                trucks.Add((called, sim.Now, levelAtCall));
                yield return reservoir.Put(amount);
                log?.WriteLine(FormattableString.Invariant($"{sim.NowSeconds / 60,8:0.0} min: tank truck delivered {amount:0.0} L"));
            }
        }

        IEnumerable<Event> Cars()
        {
            for (var i = 1; ; i++)
            {
                yield return sim.TimeoutSeconds(60 * sim.RandUniform(30, 300, sim.Random["arrivals"]));
                sim.Process(Car(i));
            }
        }

        sim.Process(Control());
        sim.Process(Cars());
        sim.Run(SimDuration);
        log?.WriteLine(pumps.QueueLengthMonitor.Summarize());
        log?.WriteLine(pumps.WaitingTimeMonitor.Summarize());
        log?.WriteLine(pumps.UtilizationMonitor.Summarize());
        log?.WriteLine(reservoir.FillRateMonitor.Summarize());
        return new Result(dispensed, delivered, reservoir.Level, trucks, fills, pumps.QueueLengthMonitor);
    }
}
