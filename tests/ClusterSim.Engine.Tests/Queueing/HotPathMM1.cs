using ClusterSim.Engine.Core;
using ClusterSim.Engine.Randomness;

namespace ClusterSim.Engine.Tests.Queueing;

/// <summary>An M/M/1 queue written on the allocation-free path: one handler, two opcodes.</summary>
internal sealed class HotPathMM1 : IEventHandler
{
    private const int Arrival = 0;
    private const int Departure = 1;

    private readonly Simulation _sim;
    private readonly SimRandom _arrivals;
    private readonly SimRandom _service;
    private readonly double _lambda;
    private readonly double _mu;
    private readonly long[] _arrivalTimes;   // FIFO of waiting customers' arrival times (ring)
    private readonly int _customers;
    private int _head, _tail, _generated;
    private bool _busy;

    private HotPathMM1(double lambda, double mu, int customers, ulong seed)
    {
        _sim = new Simulation(seed);
        _arrivals = _sim.Random["arrivals"];
        _service = _sim.Random["service"];
        _lambda = lambda;
        _mu = mu;
        _customers = customers;
        _arrivalTimes = new long[customers + 1];
        Waits = new double[customers];
    }

    public double[] Waits { get; }

    private int _served;

    public static BatchMeans Run(double lambda, double mu, int customers, int batches, ulong seed)
    {
        var q = new HotPathMM1(lambda, mu, customers, seed);
        q._sim.Schedule(SimTime.FromSeconds(q._arrivals.NextExponential(lambda)), q, Arrival);
        q._sim.Run();
        var warmup = customers / 50;
        var perBatch = (customers - warmup) / batches;
        var means = Enumerable.Range(0, batches)
            .Select(b => q.Waits.Skip(warmup + b * perBatch).Take(perBatch).Average())
            .ToArray();
        return BatchMeans.From(means);
    }

    public void OnEvent(int opcode, int arg)
    {
        if (opcode == Arrival)
        {
            _generated++;
            if (_generated < _customers)
            {
                _sim.Schedule(SimTime.FromSeconds(_arrivals.NextExponential(_lambda)), this, Arrival);
            }

            if (!_busy)
            {
                StartService(_sim.Now);
            }
            else
            {
                _arrivalTimes[_tail++] = _sim.Now;
            }
        }
        else
        {
            if (_head < _tail)
            {
                StartService(_arrivalTimes[_head++]);
            }
            else
            {
                _busy = false;
            }
        }
    }

    private void StartService(long arrivedAt)
    {
        _busy = true;
        Waits[_served++] = SimTime.ToSeconds(_sim.Now - arrivedAt);
        _sim.Schedule(SimTime.FromSeconds(_service.NextExponential(_mu)), this, Departure);
    }
}
