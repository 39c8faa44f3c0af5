using ClusterSim.Engine.Core;

namespace ClusterSim.Engine.Monitoring;

/// <summary>
/// A level that changes at event times (queue length, busy servers): its time-weighted mean and
/// variance are exact integrals of the piecewise-constant level, with no sampling error. With
/// <c>keepSeries</c> it also records every (time, level) step, which gives time-weighted
/// percentiles (the level the process stayed at or below for p % of the window).
/// </summary>
public sealed class TimeWeightedMonitor
{
    private readonly Simulation _simulation;
    private long _start;
    private long _last;
    private double _integral;     // of level dt, in level x ns
    private double _integralSq;   // of level^2 dt
    private readonly List<(long Time, double Level)>? _series;

    public TimeWeightedMonitor(Simulation simulation, double initial = 0, bool keepSeries = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        _start = _last = simulation.Now;
        Current = Min = Max = initial;
        Name = name;
        if (keepSeries)
        {
            _series = new List<(long, double)> { (_start, initial) };
        }
    }

    public string? Name { get; }

    public bool KeepsSeries => _series is not null;

    /// <summary>Every step of the level in the window: (time in ns, level from then on).</summary>
    public IReadOnlyList<(long Time, double Level)> Series
        => _series ?? throw new InvalidOperationException("The series needs a monitor created with keepSeries: true.");

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
        if (_series is not null)
        {
            if (_series.Count > 0 && _series[^1].Time == now)
            {
                _series[^1] = (now, level); // several changes at one instant: only the last one lasts
            }
            else
            {
                _series.Add((now, level));
            }
        }

        if (level < Min)
        {
            Min = level;
        }

        if (level > Max)
        {
            Max = level;
        }
    }

    /// <summary>
    /// Time-weighted percentile, p in [0, 100]: the smallest level L such that the level was at
    /// most L for at least p % of the window. Needs keepSeries; NaN over an empty window.
    /// </summary>
    public double Percentile(double p)
    {
        var series = _series ?? throw new InvalidOperationException("Percentiles need a monitor created with keepSeries: true.");
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        var now = _simulation.Now;
        var total = now - _start;
        if (total == 0)
        {
            return double.NaN;
        }

        var spans = new (double Level, long Duration)[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var end = i + 1 < series.Count ? series[i + 1].Time : now;
            spans[i] = (series[i].Level, end - series[i].Time);
        }

        Array.Sort(spans, (a, b) => a.Level.CompareTo(b.Level));
        var target = p / 100.0 * total;
        long covered = 0;
        foreach (var (level, duration) in spans)
        {
            covered += duration;
            if (duration > 0 && covered >= target)
            {
                return level;
            }
        }

        return spans[^1].Level;
    }

    /// <summary>One line for a report: mean, standard deviation, min, max and (with a series) median and p95.</summary>
    public string Summarize()
    {
        var text = FormattableString.Invariant($"{Name ?? "level"}: mean {Mean:G6}, sd {Math.Sqrt(Variance):G6}, min {Min:G6}, max {Max:G6} over {SimTime.ToSeconds(Duration):G6} s");
        return _series is null || Duration == 0
            ? text
            : text + FormattableString.Invariant($", p50 {Percentile(50):G6}, p95 {Percentile(95):G6}");
    }

    public void Increment(double by = 1) => Update(Current + by);

    public void Decrement(double by = 1) => Update(Current - by);

    /// <summary>Start a new window at the current time, keeping the current level (for batch means).</summary>
    public void Reset()
    {
        _start = _last = _simulation.Now;
        _integral = _integralSq = 0;
        Min = Max = Current;
        if (_series is not null)
        {
            _series.Clear();
            _series.Add((_start, Current));
        }
    }
}
