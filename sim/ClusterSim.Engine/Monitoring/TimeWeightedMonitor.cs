using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Monitoring;

/// <summary>
/// A level that changes at event times (queue length, busy servers): its time-weighted mean and
/// variance are exact integrals of the piecewise-constant level, with no sampling error.
/// </summary>
public sealed class TimeWeightedMonitor
{
    private readonly Simulation _simulation;
    private long _start;
    private long _last;
    private double _integral;     // of level dt, in level x ns
    private double _integralSq;   // of level^2 dt

    public TimeWeightedMonitor(Simulation simulation, double initial = 0)
    {
        _simulation = simulation;
        _start = _last = simulation.Now;
        Current = Min = Max = initial;
    }

    public double Current { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    /// <summary>Length of the observed window in nanoseconds.</summary>
    public long Duration => _simulation.Now - _start;

    /// <summary>Integral of the level over the window, in level x seconds.</summary>
    public double Area => (_integral + Current * (_simulation.Now - _last)) / SimTime.Second;

    public double Mean
    {
        get
        {
            var duration = Duration;
            return duration == 0 ? Current : (_integral + Current * (_simulation.Now - _last)) / duration;
        }
    }

    public double Variance
    {
        get
        {
            var duration = Duration;
            if (duration == 0)
            {
                return 0;
            }

            var mean = Mean;
            var meanSq = (_integralSq + Current * Current * (_simulation.Now - _last)) / duration;
            return Math.Max(0, meanSq - mean * mean);
        }
    }

    /// <summary>Set the level from now on.</summary>
    public void Update(double level)
    {
        var now = _simulation.Now;
        var dt = now - _last;
        _integral += Current * dt;
        _integralSq += Current * Current * dt;
        _last = now;
        Current = level;
        if (level < Min)
        {
            Min = level;
        }

        if (level > Max)
        {
            Max = level;
        }
    }

    public void Increment(double by = 1) => Update(Current + by);

    public void Decrement(double by = 1) => Update(Current - by);

    /// <summary>Start a new window at the current time, keeping the current level (for batch means).</summary>
    public void Reset()
    {
        _start = _last = _simulation.Now;
        _integral = _integralSq = 0;
        Min = Max = Current;
    }
}
