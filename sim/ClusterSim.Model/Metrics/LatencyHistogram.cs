using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ClusterSim.Model.Metrics;

/// <summary>
/// A mergeable histogram of non-negative durations in nanoseconds with bounded memory and a
/// stated relative error, in the spirit of HdrHistogram (log-linear buckets).
/// </summary>
/// <remarks>
/// <para>
/// Buckets: every value below <c>2^(bits+1)</c> has a bucket of its own (exact); above that,
/// each power-of-two range <c>[2^e, 2^(e+1))</c> is cut into <c>2^bits</c> equal sub-buckets.
/// A percentile is reported as the middle of the bucket that holds the true nearest-rank value,
/// so it is within <see cref="RelativeError"/> = <c>2^-(bits+1)</c> of that value (0.39 % at the
/// default 7 bits). The bucket array covers the whole <see cref="long"/> range and has a fixed size
/// of <c>2^bits * (64 - bits)</c> counters (7,296 at 7 bits, 57 KiB), however many values arrive.
/// </para>
/// <para>
/// Count, sum (so the mean), minimum and maximum are exact. <see cref="Record"/> and
/// <see cref="RecordMany"/> are O(1) and allocate nothing, so one decode iteration's duration can
/// be recorded as the gap of every sequence in its batch at the cost of a single call.
/// Not thread-safe: one histogram per recorder, merge at the end.
/// </para>
/// <para>
/// Percentile definition (nearest rank): for p in (0, 100], the value of rank
/// <c>ceil(p / 100 * count)</c> in the sorted observations; p = 0 gives the minimum.
/// </para>
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Sub-bucket bits used when none are given: 0.39 % relative error.</summary>
    public const int DefaultSignificantBits = 7;

    private const int MinBits = 1;
    private const int MaxBits = 14;

    private readonly int _bits;
    private readonly long[] _counts;
    private long _count;
    private Int128 _sum;
    private long _min = long.MaxValue;
    private long _max;

    /// <param name="significantBits">
    /// log2 of the sub-buckets per power of two, 1 to 14; the relative error is 2^-(bits+1).
    /// </param>
    public LatencyHistogram(int significantBits = DefaultSignificantBits)
    {
        if (significantBits is < MinBits or > MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(significantBits), significantBits,
                $"expected {MinBits} to {MaxBits} sub-bucket bits");
        }

        _bits = significantBits;
        _counts = new long[(1 << significantBits) * (64 - significantBits)];
    }

    /// <summary>log2 of the sub-buckets per power of two.</summary>
    public int SignificantBits => _bits;

    /// <summary>
    /// Upper bound of |reported percentile - true percentile| / true percentile: 2^-(bits+1).
    /// </summary>
    public double RelativeError => 1.0 / (1L << (_bits + 1));

    /// <summary>Number of observations (exact).</summary>
    public long Count => _count;

    /// <summary>Smallest observation in nanoseconds (exact); 0 when empty.</summary>
    public long Min => _count == 0 ? 0 : _min;

    /// <summary>Largest observation in nanoseconds (exact); 0 when empty.</summary>
    public long Max => _max;

    /// <summary>Mean in nanoseconds, from the exact 128-bit sum; 0 when empty.</summary>
    public double Mean => _count == 0 ? 0 : (double)_sum / _count;

    /// <summary>Records one observation. O(1), allocation-free.</summary>
    public void Record(long valueNs) => RecordMany(valueNs, 1);

    /// <summary>
    /// Records <paramref name="count"/> observations of the same value in O(1): exactly what
    /// <paramref name="count"/> calls of <see cref="Record"/> would leave.
    /// </summary>
    public void RecordMany(long valueNs, long count)
    {
        if (valueNs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(valueNs), valueNs, "a duration cannot be negative");
        }

        if (count <= 0)
        {
            if (count == 0)
            {
                return;
            }

            throw new ArgumentOutOfRangeException(nameof(count), count, "expected a count of 0 or more");
        }

        _counts[IndexOf(valueNs)] += count;
        _count += count;
        _sum += (Int128)valueNs * count;
        if (valueNs < _min)
        {
            _min = valueNs;
        }

        if (valueNs > _max)
        {
            _max = valueNs;
        }
    }

    /// <summary>
    /// Records <paramref name="count"/> observations of each difference <c>points[i] - points[i - 1]</c>
    /// (i from 1): exactly what one <see cref="RecordMany"/> per difference would leave, in one pass that
    /// finds a bucket only when a difference leaves the last one's range and adds the sum once (the differences telescope).
    /// </summary>
    public void RecordDifferences(ReadOnlySpan<long> points, long count)
    {
        if (count <= 0)
        {
            if (count == 0)
            {
                return;
            }

            throw new ArgumentOutOfRangeException(nameof(count), count, "expected a count of 0 or more");
        }

        if (points.Length < 2)
        {
            return;
        }

        // Differences in a row that fall in one bucket (a decode run's steps lengthen by a few ns each, so most
        // do) add to it in a register; the bucket is looked up again only when a difference leaves its range.
        long low = 1, high = 0; // an empty range: the first difference looks its bucket up
        var index = 0;
        var pending = 0L;
        var min = _min;
        var max = _max;
        var i = 1;
        if (Vector256.IsHardwareAccelerated && points.Length > 8)
        {
            // Four differences at a time while all four stay in the last one's bucket (they nearly always do), one at a
            // time when any leaves it; the counts, the extremes and the sum are the same either way.
            ref var start = ref MemoryMarshal.GetReference(points);
            var minV = Vector256.Create(min);
            var maxV = Vector256.Create(max);
            while (i + 4 <= points.Length)
            {
                var d = Vector256.LoadUnsafe(ref start, (nuint)i) - Vector256.LoadUnsafe(ref start, (nuint)(i - 1));
                if (Vector256.GreaterThanOrEqualAll(d, Vector256.Create(low)) && Vector256.LessThanAll(d, Vector256.Create(high)))
                {
                    minV = Vector256.Min(minV, d);
                    maxV = Vector256.Max(maxV, d);
                    pending += 4 * count;
                    i += 4;
                    continue;
                }

                for (var end = i + 4; i < end; i++)
                {
                    var value = points[i] - points[i - 1];
                    if (value < low || value >= high)
                    {
                        MoveToBucket(value, ref index, ref pending, ref low, ref high);
                    }

                    minV = Vector256.Min(minV, Vector256.Create(value));
                    maxV = Vector256.Max(maxV, Vector256.Create(value));
                    pending += count;
                }
            }

            for (var k = 0; k < 4; k++)
            {
                min = Math.Min(min, minV.GetElement(k));
                max = Math.Max(max, maxV.GetElement(k));
            }
        }

        for (; i < points.Length; i++)
        {
            var value = points[i] - points[i - 1];
            if (value < low || value >= high)
            {
                MoveToBucket(value, ref index, ref pending, ref low, ref high);
            }

            if (value < min)
            {
                min = value;
            }

            if (value > max)
            {
                max = value;
            }

            pending += count;
        }

        _min = min;
        _max = max;
        _counts[index] += pending;
        _count += count * (points.Length - 1);
        _sum += (Int128)(points[^1] - points[0]) * count;
    }

    /// <summary>
    /// <see cref="RecordDifferences"/> met a difference outside the bucket it was filling: the pending count goes to
    /// that bucket, and the difference's bucket and range become the current ones.
    /// </summary>
    private void MoveToBucket(long value, ref int index, ref long pending, ref long low, ref long high)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException("points", value, "a duration cannot be negative");
        }

        _counts[index] += pending;
        pending = 0;
        index = IndexOf(value);
        var (bucketLow, width) = BucketOf(index);
        low = bucketLow;
        high = bucketLow + width;
    }

    /// <summary>Adds every observation of <paramref name="other"/> to this histogram.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._bits != _bits)
        {
            throw new ArgumentException(
                $"cannot merge a histogram of {other._bits} significant bits into one of {_bits}", nameof(other));
        }

        if (other._count == 0)
        {
            return;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        _count += other._count;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>The histogram's whole state as values (non-empty buckets only), for a shard file.</summary>
    public HistogramSnapshot Snapshot()
    {
        var buckets = new List<(int, long)>();
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                buckets.Add((i, _counts[i]));
            }
        }

        return new HistogramSnapshot(_bits, _count, _sum, Min, _max, buckets);
    }

    /// <summary>
    /// The histogram a <see cref="Snapshot"/> describes, exactly. Throws <see cref="ArgumentException"/>
    /// when the snapshot cannot be one (a bucket out of range, counts that do not add up, min above max),
    /// since it may come from a damaged file.
    /// </summary>
    public static LatencyHistogram FromSnapshot(HistogramSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.SignificantBits is < MinBits or > MaxBits)
        {
            throw new ArgumentException($"significant bits {snapshot.SignificantBits}: expected {MinBits} to {MaxBits}", nameof(snapshot));
        }

        var h = new LatencyHistogram(snapshot.SignificantBits);
        long total = 0;
        var last = -1;
        foreach (var (index, count) in snapshot.Buckets)
        {
            if (index <= last || index >= h._counts.Length || count <= 0)
            {
                throw new ArgumentException($"bucket {index} (count {count}): buckets must be in increasing order, below {h._counts.Length}, each with a count above 0", nameof(snapshot));
            }

            h._counts[index] = count;
            total += count;
            last = index;
        }

        if (total != snapshot.Count || (snapshot.Count > 0 && (snapshot.Min > snapshot.Max || snapshot.Min < 0)))
        {
            throw new ArgumentException($"the buckets hold {total} observations but the count is {snapshot.Count}, or min {snapshot.Min} exceeds max {snapshot.Max}", nameof(snapshot));
        }

        h._count = snapshot.Count;
        h._sum = snapshot.Sum;
        h._min = snapshot.Count == 0 ? long.MaxValue : snapshot.Min;
        h._max = snapshot.Max;
        return h;
    }

    /// <summary>Forgets every observation (keeps the bucket array).</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _count = 0;
        _sum = 0;
        _min = long.MaxValue;
        _max = 0;
    }

    /// <summary>
    /// The nearest-rank percentile in nanoseconds, within <see cref="RelativeError"/> of the exact
    /// value; 0 when empty. O(buckets): meant for the end of a run, not the hot path.
    /// </summary>
    /// <param name="percentile">0 to 100 (99.9 for p99.9).</param>
    public long ValueAtPercentile(double percentile)
    {
        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "expected a percentile from 0 to 100");
        }

        if (_count == 0)
        {
            return 0;
        }

        if (percentile == 0)
        {
            return _min;
        }

        // Decimal keeps ranks such as 99.9 % of 1,000 exactly 999, where binary floating point
        // would round 999.0000000000001 up to 1,000.
        var rank = (long)Math.Ceiling((decimal)percentile * _count / 100m);
        rank = Math.Clamp(rank, 1, _count);

        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = BucketOf(i);
                var middle = low + ((width - 1) >> 1);

                // The true value lies in [min, max] as well as in the bucket: clamping can only
                // bring the estimate closer.
                return Math.Clamp(middle, _min, _max);
            }
        }

        return _max;
    }

    /// <summary>
    /// The empirical CDF at bucket edges, for plotting: one point per non-empty bucket, in increasing
    /// order, where <c>Fraction</c> is exactly the share of observations &lt;= <c>ValueNs</c>.
    /// <c>ValueNs</c> is the bucket's upper edge (clamped to <see cref="Max"/>), so the last point is
    /// (<see cref="Max"/>, 1). Empty when there are no observations. O(buckets); at most one point
    /// per bucket, so the size is bounded like the histogram's.
    /// </summary>
    public IEnumerable<(long ValueNs, double Fraction)> CumulativePoints()
    {
        if (_count == 0)
        {
            yield break;
        }

        long seen = 0;
        for (var i = 0; i < _counts.Length && seen < _count; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }

            seen += _counts[i];
            var (low, width) = BucketOf(i);

            // Every observation counted so far lies in this bucket or below it, and every later
            // one above it, so the fraction is exact at the bucket's upper edge.
            yield return (Math.Min(low + width - 1, _max), (double)seen / _count);
        }
    }

    /// <summary>Mean and percentiles in seconds, as summary.json reports them.</summary>
    public LatencySummary ToSummary()
    {
        if (_count == 0)
        {
            return LatencySummary.Empty;
        }

        const double NsPerSecond = 1e9;
        return new LatencySummary(
            Mean / NsPerSecond,
            ValueAtPercentile(50) / NsPerSecond,
            ValueAtPercentile(90) / NsPerSecond,
            ValueAtPercentile(95) / NsPerSecond,
            ValueAtPercentile(99) / NsPerSecond,
            ValueAtPercentile(99.9) / NsPerSecond);
    }

    private int IndexOf(long value)
    {
        // Values below 2^(bits+1) index themselves; above, the top bits+1 bits of the value
        // (leading one included) pick the sub-bucket within its power of two.
        if (value < (1L << (_bits + 1)))
        {
            return (int)value;
        }

        var exponent = BitOperations.Log2((ulong)value);
        var shift = exponent - _bits;
        var sub = (int)(value >> shift) - (1 << _bits);
        return ((shift + 1) << _bits) + sub;
    }

    private (long Low, long Width) BucketOf(int index)
    {
        if (index < (1 << (_bits + 1)))
        {
            return (index, 1);
        }

        var shift = (index >> _bits) - 1;
        var sub = index & ((1 << _bits) - 1);
        return (((1L << _bits) + sub) << shift, 1L << shift);
    }
}
