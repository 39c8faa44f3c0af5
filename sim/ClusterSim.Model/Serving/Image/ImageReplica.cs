using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Serving.Image;

/// <summary>
/// One image-generation replica (one accelerator). Each iteration runs one denoising step for a batch of
/// same-shaped requests, back to back; a request joining runs its text encoding in its first step and a request
/// finishing its last step runs its VAE decoding in that iteration. Between steps, same-shaped requests at the head
/// of the waiting queue join the batch up to its limit; the batch is never broken up (a step is short).
/// </summary>
/// <remarks>One engine event per step, so a facility's clock reaches the replica within a step.</remarks>
public sealed class ImageReplica : IEventHandler, IServingReplica
{
    private readonly ImagePoolSetup _pool;
    private readonly ImageCostModel _cost;
    private readonly Action<ImageReplica, ImageRequest> _completed;
    private readonly WaitingQueue<ImageRequest> _waiting;
    private readonly List<ImageRequest> _running = [];
    private readonly List<double> _shares = [];
    private bool _busy;
    private bool _held;
    private long _iterationStartNs;
    private double _plannedSeconds;
    private double _computeShare;

    internal ImageReplica(Simulation simulation, int index, ImagePoolSetup pool, IReadOnlyList<ClassSchedule> classes, Action<ImageReplica, ImageRequest> completed)
    {
        Simulation = simulation;
        Index = index;
        _pool = pool;
        _cost = pool.Cost;
        _completed = completed;
        var cost = pool.Cost;
        _waiting = WaitingQueue<ImageRequest>.Create(pool.Scheduling, classes, r =>
        {
            var work = r.Shape.Steps * cost.Step(r.Shape, r.Images).Flops;
            return new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, work, work);
        });
        BatchSize = new TimeWeightedSeries(simulation.Now);
        QueueLength = new TimeWeightedSeries(simulation.Now);
    }

    public Simulation Simulation { get; }

    public int Index { get; }

    public ImagePoolSetup Pool => _pool;

    public int Accelerators => 1;

    string IServingReplica.PoolName => _pool.Name;

    public IReplicaPower? Power { get; set; }

    /// <summary>Requests waiting or running here.</summary>
    public int Outstanding { get; private set; }

    public long Iterations { get; private set; }

    public long BusyNs { get; private set; }

    /// <summary>Images in the running batch over time.</summary>
    public TimeWeightedSeries BatchSize { get; }

    public TimeWeightedSeries QueueLength { get; }

    /// <summary>Take a request, or refuse it (false) when the waiting queue is at its limit.</summary>
    public bool Enqueue(ImageRequest request)
    {
        if (_waiting.Count >= _pool.MaxQueue)
        {
            return false;
        }

        _waiting.PushBack(request);
        Outstanding++;
        QueueLength.Record(Simulation.Now, _waiting.Count);
        TryStart();
        return true;
    }

    public void OnEvent(int opcode, int arg) => FinishStep();

    public void RetryHeld()
    {
        if (!_held || Power is null || !Power.TryBusy(this, _computeShare, out var clock))
        {
            return;
        }

        _held = false;
        Launch(clock);
    }

    public ReplicaStats Stats(long endNs)
    {
        BatchSize.AdvanceTo(endNs);
        QueueLength.AdvanceTo(endNs);
        return new ReplicaStats
        {
            Index = Index,
            Pool = _pool.Name,
            Role = "image",
            Accelerators = Accelerators,
            Utilization = (double)BusyNs / Math.Max(1, endNs),
            MeanBatchSize = BatchSize.Mean,
            MaxBatchSize = BatchSize.Max,
            MeanQueueLength = QueueLength.Mean,
            Iterations = Iterations,
            BatchSeries = BatchSize.Buckets(),
            QueueSeries = QueueLength.Buckets(),
        };
    }

    private void TryStart()
    {
        if (_busy || _held)
        {
            return;
        }

        if (_running.Count == 0 && _waiting.Count > 0)
        {
            Take();
        }

        while (_running.Count > 0 && _running.Count < _pool.MaxBatch && _waiting.Count > 0 && _waiting.PeekFront().Shape == _running[0].Shape)
        {
            Take();
        }

        QueueLength.Record(Simulation.Now, _waiting.Count);
        if (_running.Count == 0)
        {
            Power?.OnIdle(this);
            return;
        }

        var shape = _running[0].Shape;
        var images = 0;
        foreach (var r in _running)
        {
            images += r.Images;
        }

        var step = _cost.Step(shape, images);
        var extra = 0.0;
        _shares.Clear();
        foreach (var r in _running)
        {
            // The batch's step is shared by images; encoding and decoding are each request's own (compute-bound).
            var own = step.Seconds * r.Images / images;
            if (!r.Encoded)
            {
                own += _cost.EncodeSeconds;
                extra += _cost.EncodeSeconds;
            }

            if (r.StepsDone + 1 == shape.Steps)
            {
                own += r.Images * _cost.DecodeSeconds(shape);
                extra += r.Images * _cost.DecodeSeconds(shape);
            }

            _shares.Add(own);
        }

        _plannedSeconds = step.Seconds + extra;
        _computeShare = _plannedSeconds > 0 ? (step.Seconds * step.ComputeBoundFraction + extra) / _plannedSeconds : 1;
        _busy = true;
        if (Power is { } power)
        {
            if (!power.TryBusy(this, _computeShare, out var clock))
            {
                _held = true;
                _busy = false;
                return;
            }

            Launch(clock);
            return;
        }

        Launch(1);
    }

    private void Launch(double clock)
    {
        _busy = true;

        // A lowered clock stretches the compute-bound part of the step; weight reads keep their time.
        var total = _plannedSeconds * (clock < 1 ? ClockScaling.TimeFactor(_computeShare, clock) : 1);
        var durationNs = Math.Max(1, (long)Math.Ceiling(total * 1e9));
        var held = SimTime.ToSeconds(durationNs) * Accelerators;
        for (var i = 0; i < _shares.Count; i++)
        {
            _shares[i] = held * _shares[i] / _plannedSeconds;
        }

        _iterationStartNs = Simulation.Now;
        Iterations++;
        var images = 0;
        foreach (var r in _running)
        {
            images += r.Images;
        }

        BatchSize.Record(Simulation.Now, images);
        Simulation.Schedule(durationNs, this);
    }

    private void Take()
    {
        var r = _waiting.PopFront();
        _running.Add(r);
        if (r.ScheduledNs < 0)
        {
            r.ScheduledNs = Simulation.Now;
        }
    }

    private void FinishStep()
    {
        var now = Simulation.Now;
        _busy = false;
        BusyNs += now - _iterationStartNs;
        for (var i = 0; i < _running.Count; i++)
        {
            var r = _running[i];
            r.AcceleratorSeconds += _shares[i];
            r.Encoded = true;
            r.StepsDone++;
        }

        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var r = _running[i];
            if (r.StepsDone < r.Shape.Steps)
            {
                continue;
            }

            _running.RemoveAt(i);
            r.CompletedNs = now;
            Outstanding--;
            _completed(this, r);
        }

        BatchSize.Record(now, 0);
        TryStart();
    }
}
