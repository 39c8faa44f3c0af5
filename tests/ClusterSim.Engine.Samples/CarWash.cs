using ClusterSim.Engine.Core;
using ClusterSim.Engine.Resources;

namespace ClusterSim.Engine.Samples;

/// <summary>
/// SimPy's carwash: two machines wash a car in 5 min; four cars are there at the start and
/// another arrives every 5 to 9 whole minutes (uniform); run for 20 min. Covers resources and
/// waiting for another process.
/// </summary>
public static class CarWash
{
    public const int MachinesCount = 2, WashMinutes = 5, InterArrival = 7, InitialCars = 4;
    public static readonly long SimDuration = 20 * SimTime.Minute;

    public sealed record Visit(int Car, long Arrived, long Entered, long Left);

    public static IReadOnlyList<Visit> Run(ulong seed, TextWriter? log = null)
    {
        var sim = new Simulation(seed);
        var machines = new Resource(sim, MachinesCount);
        var dirt = sim.Random["dirt"];
        var visits = new List<Visit>();
        string At() => FormattableString.Invariant($"{sim.NowSeconds / 60:0.00}");

        IEnumerable<Event> Wash(int car)
        {
            yield return sim.Timeout(WashMinutes * SimTime.Minute);
            log?.WriteLine($"Carwash removed {dirt.Next(50, 99)}% of car {car}'s dirt.");
        }

        IEnumerable<Event> Car(int car)
        {
            var arrived = sim.Now;
            log?.WriteLine($"Car {car} arrives at the carwash at {At()}.");
            using var req = machines.Request();
            yield return req;
            var entered = sim.Now;
            log?.WriteLine($"Car {car} enters the carwash at {At()}.");
            yield return sim.Process(Wash(car));
            log?.WriteLine($"Car {car} leaves the carwash at {At()}.");
            visits.Add(new Visit(car, arrived, entered, sim.Now));
        }

        IEnumerable<Event> Setup()
        {
            var arrivals = sim.Random["arrivals"];
            var car = 0;
            for (; car < InitialCars; car++)
            {
                sim.Process(Car(car));
            }

            while (true)
            {
                yield return sim.Timeout(arrivals.Next(InterArrival - 2, InterArrival + 3) * SimTime.Minute);
                sim.Process(Car(car++));
            }
        }

        log?.WriteLine("Carwash");
        sim.Process(Setup());
        sim.Run(SimDuration);
        return visits;
    }
}
