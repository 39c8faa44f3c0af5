using System.Runtime.CompilerServices;

namespace ClusterSim.Model.Metrics;

/// <summary>
/// A quantity that holds its value between changes (batch size, KV-cache occupancy, queue
/// length, busy 0/1): its time-weighted mean, its maximum and a downsampled history in a fixed
/// number of buckets, so memory stays bounded however long the run.
/// </summary>
/// <remarks>
/// <para>
/// The value is a step function: <see cref="Record"/> at time t sets the value from t onward.
/// The mean is the integral of the step function over [<see cref="StartNs"/>, <see cref="EndNs"/>]
/// divided by the length of that interval. <see cref="Max"/> is the largest value ever recorded,
/// also one replaced at the same instant: a peak of KV occupancy that forces a preemption is
/// real even if it lasts no time.
/// </para>
/// <para>
/// History: buckets of equal width starting at <see cref="StartNs"/>. When time runs past the
/// last bucket, neighbouring buckets are merged in pairs and the width doubles, so the history
/// always spans the whole run in at most <c>bucketCount</c> buckets. Each merge costs
/// O(bucketCount) and happens log2(run length / initial width) times in a run; recording is
/// otherwise O(1) plus the buckets a long unchanged stretch crosses. Allocation-free after
/// construction. Not thread-safe.
/// </para>
/// </remarks>
public sealed class TimeWeightedSeries
{
    private readonly long _startNs;
    private readonly double[] _bucketIntegral;
    private readonly double[] _bucketMax;
    private long _widthNs;
    private long _lastNs;
    private double _value;
    private double _integral;
    private double _max;

    // The bucket holding _lastNs and where it ends, while _curEndNs > _lastNs (otherwise unknown): a
    // replica records its KV occupancy at every step of a decode run, nearly always inside the bucket
    // of the step before, and this spares those records the divisions that find a bucket.
    private int _cur;
    private long _curEndNs = long.MinValue;

    /// <param name="startNs">Time the series starts, in nanoseconds.</param>
    /// <param name="initialValue">Value held from <paramref name="startNs"/> until the first record.</param>
    /// <param name="bucketCount">Most buckets the history keeps; even, at least 2.</param>
    /// <param name="initialBucketWidthNs">Bucket width before any merge (doubles as needed).</param>
    public TimeWeightedSeries(long startNs = 0, double initialValue = 0, int bucketCount = 512,
        long initialBucketWidthNs = 1_000_000)
    {
        if (bucketCount < 2 || bucketCount % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketCount), bucketCount, "expected an even bucket count of 2 or more");
        }

        if (initialBucketWidthNs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(initialBucketWidthNs), initialBucketWidthNs, "expected a width of 1 ns or more");
        }

        CheckFinite(initialValue, nameof(initialValue));
        _startNs = startNs;
        _lastNs = startNs;
        _value = initialValue;
        _max = initialValue;
        _widthNs = initialBucketWidthNs;
        _bucketIntegral = new double[bucketCount];
        _bucketMax = new double[bucketCount];
        Array.Fill(_bucketMax, double.NegativeInfinity);
        _bucketMax[0] = initialValue;
    }

    /// <summary>Time the series starts, in nanoseconds.</summary>
    public long StartNs => _startNs;

    /// <summary>Latest time recorded or advanced to, in nanoseconds.</summary>
    public long EndNs => _lastNs;

    /// <summary>The value in effect now.</summary>
    public double Current => _value;

    /// <summary>Largest value ever recorded (the initial value included).</summary>
    public double Max => _max;

    /// <summary>
    /// Time-weighted mean over [<see cref="StartNs"/>, <see cref="EndNs"/>]; the current value
    /// while no time has passed.
    /// </summary>
    public double Mean => _lastNs > _startNs ? _integral / (_lastNs - _startNs) : _value;

    /// <summary>Width of one history bucket now, in nanoseconds.</summary>
    public long BucketWidthNs => _widthNs;

    /// <summary>Sets the value from <paramref name="timeNs"/> on; times must not go backwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long timeNs, double value)
    {
        if (timeNs > _lastNs && timeNs < _curEndNs && double.IsFinite(value))
        {
            // Still inside the bucket of the last record (a replica's KV occupancy at every step of a decode
            // run nearly always is): AdvanceTo's one-bucket pass and RecordSlow's update, inlined into the
            // caller's loop, in the same order, so the same bits.
            var cur = _cur;
            var span = timeNs - _lastNs;
            var held = _value;
            _bucketIntegral[cur] += held * span;
            if (held > _bucketMax[cur])
            {
                _bucketMax[cur] = held;
            }

            _integral += held * span;
            _lastNs = timeNs;
            _value = value;
            if (value > _max)
            {
                _max = value;
            }

            if (value > _bucketMax[cur])
            {
                _bucketMax[cur] = value;
            }

            return;
        }

        RecordSlow(timeNs, value);
    }

    /// <summary>
    /// <see cref="Record"/> of each <paramref name="values"/>[i] at <paramref name="timesNs"/>[i], in order: the
    /// same bits, with the running sums in registers while the records stay inside one bucket.
    /// </summary>
    public void RecordRun(ReadOnlySpan<long> timesNs, ReadOnlySpan<double> values)
    {
        if (timesNs.Length != values.Length)
        {
            throw new ArgumentException($"{timesNs.Length} times for {values.Length} values", nameof(values));
        }

        var run = new SpanValues(values);
        RecordRun(timesNs, ref run);
    }

    /// <summary>
    /// <see cref="Record"/> at each of <paramref name="timesNs"/> of the next value <paramref name="values"/> gives,
    /// asked once per time and in order: the span overload's records without a buffer between the producer and the
    /// series (a decode run's KV occupancy, step by step, from <c>KvDecodeRun</c>).
    /// </summary>
    public void RecordRun<TRun>(ReadOnlySpan<long> timesNs, ref TRun values)
        where TRun : IValueRun, allows ref struct
    {
        // A copy in a local, so the JIT keeps the producer's state in registers (through the ref it stored and reloaded
        // it at every step, a store-to-load round trip on the loop's critical path); written back at the end.
        var run = values;
        var i = 0;
        while (i < timesNs.Length)
        {
            var cur = _cur;
            var curEnd = _curEndNs;
            var lastNs = _lastNs;
            var held = _value;
            var integral = _integral;
            var max = _max;
            var bucketIntegral = _bucketIntegral[cur];
            var bucketMax = _bucketMax[cur];
            var value = 0.0;
            for (; i < timesNs.Length; i++)
            {
                var timeNs = timesNs[i];
                value = run.Next();
                if (!(timeNs > lastNs && timeNs < curEnd && value - value == 0)) // x - x is 0 for finite x, NaN otherwise
                {
                    break;
                }

                var span = timeNs - lastNs;
                bucketIntegral += held * span;
                if (held > bucketMax)
                {
                    bucketMax = held;
                }

                integral += held * span;
                lastNs = timeNs;
                held = value;
                if (value > max)
                {
                    max = value;
                }

                if (value > bucketMax)
                {
                    bucketMax = value;
                }
            }

            _bucketIntegral[cur] = bucketIntegral;
            _bucketMax[cur] = bucketMax;
            _integral = integral;
            _lastNs = lastNs;
            _value = held;
            _max = max;
            if (i < timesNs.Length)
            {
                // The value asked for at this time, already taken from the run: recorded the slow way.
                RecordSlow(timesNs[i], value);
                i++;
            }
        }

        values = run;
    }

    /// <summary>A span's values in order, for the span overload of <c>RecordRun</c>.</summary>
    private ref struct SpanValues(ReadOnlySpan<double> values) : IValueRun
    {
        private readonly ReadOnlySpan<double> _values = values;
        private int _next;

        public double Next() => _values[_next++];
    }

    private void RecordSlow(long timeNs, double value)
    {
        CheckFinite(value, nameof(value));
        AdvanceTo(timeNs);
        if (_curEndNs <= timeNs)
        {
            CoverTime(timeNs);
            _cur = (int)((timeNs - _startNs) / _widthNs);
            _curEndNs = _startNs + ((_cur + 1) * _widthNs);
        }

        _value = value;
        if (value > _max)
        {
            _max = value;
        }

        var bucket = _cur;
        if (value > _bucketMax[bucket])
        {
            _bucketMax[bucket] = value;
        }
    }

    /// <summary>Extends the current value to <paramref name="timeNs"/> (call at the end of a run).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AdvanceTo(long timeNs)
    {
        if (timeNs > _lastNs && timeNs <= _curEndNs)
        {
            // All of [_lastNs, timeNs) lies in the bucket of _lastNs: the one pass of the loop in AdvanceAcross.
            var span = timeNs - _lastNs;
            _bucketIntegral[_cur] += _value * span;
            if (_value > _bucketMax[_cur])
            {
                _bucketMax[_cur] = _value;
            }

            _integral += _value * span;
            _lastNs = timeNs;
            return;
        }

        AdvanceAcross(timeNs);
    }

    private void AdvanceAcross(long timeNs)
    {
        if (timeNs < _lastNs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeNs), timeNs,
                $"time went backwards: the series is already at {_lastNs} ns");
        }

        if (timeNs == _lastNs)
        {
            return;
        }

        // The stretch [_lastNs, timeNs) must fit in the buckets before it is spread over them.
        CoverTime(timeNs - 1);
        var cursor = _lastNs;
        while (cursor < timeNs)
        {
            var bucket = (int)((cursor - _startNs) / _widthNs);
            var bucketEnd = _startNs + (bucket + 1) * _widthNs;
            var segmentEnd = Math.Min(timeNs, bucketEnd);
            _bucketIntegral[bucket] += _value * (segmentEnd - cursor);
            if (_value > _bucketMax[bucket])
            {
                _bucketMax[bucket] = _value;
            }

            cursor = segmentEnd;
        }

        _integral += _value * (timeNs - _lastNs);
        _lastNs = timeNs;
        if ((timeNs - _startNs) / _widthNs is var last && last < _bucketIntegral.Length)
        {
            _cur = (int)last;
            _curEndNs = _startNs + ((last + 1) * _widthNs);
        }
    }

    /// <summary>
    /// The history over [<see cref="StartNs"/>, <see cref="EndNs"/>) in buckets of
    /// <see cref="BucketWidthNs"/> (the last one may be shorter). Allocates the returned array.
    /// </summary>
    public SeriesBucket[] Buckets()
    {
        if (_lastNs == _startNs)
        {
            return [];
        }

        var count = (int)((_lastNs - 1 - _startNs) / _widthNs) + 1;
        var result = new SeriesBucket[count];
        for (var i = 0; i < count; i++)
        {
            var start = _startNs + i * _widthNs;
            var end = Math.Min(start + _widthNs, _lastNs);
            result[i] = new SeriesBucket(start, end, _bucketIntegral[i] / (end - start), _bucketMax[i]);
        }

        return result;
    }

    private void CoverTime(long timeNs)
    {
        while ((timeNs - _startNs) / _widthNs >= _bucketIntegral.Length)
        {
            MergePairs();
        }
    }

    private void MergePairs()
    {
        var half = _bucketIntegral.Length / 2;
        for (var i = 0; i < half; i++)
        {
            _bucketIntegral[i] = _bucketIntegral[2 * i] + _bucketIntegral[(2 * i) + 1];
            _bucketMax[i] = Math.Max(_bucketMax[2 * i], _bucketMax[(2 * i) + 1]);
        }

        Array.Clear(_bucketIntegral, half, half);
        Array.Fill(_bucketMax, double.NegativeInfinity, half, half);
        _widthNs *= 2;
        _curEndNs = long.MinValue; // bucket indices moved
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "expected a finite value");
        }
    }
}
