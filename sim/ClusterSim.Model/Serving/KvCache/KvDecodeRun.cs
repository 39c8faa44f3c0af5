using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Serving.KvCache;

/// <summary>
/// A decode run's steps taken from free blocks one at a time, each answering the cache's occupancy after it:
/// <see cref="KvBlockManager.TryDecodeStep"/>'s arithmetic on a struct the JIT keeps in registers, so the replica's
/// occupancy series records each step as the cache takes it (<see cref="TimeWeightedSeries.RecordRun{TRun}"/>).
/// From <see cref="KvBlockManager.TryBeginDecodeRun"/>, which checked the blocks are free; the cache changes only at
/// <see cref="KvBlockManager.EndDecodeRun"/>, and nothing else may touch it in between.
/// </summary>
public struct KvDecodeRun : IValueRun
{
    private readonly int[] _decodersByPhase;
    private readonly int _blockSize;
    private readonly double _capacity;
    private int _phase;
    private int _used;

    internal KvDecodeRun(int[] decodersByPhase, int blockSize, int capacity, int phase, int used)
    {
        _decodersByPhase = decodersByPhase;
        _blockSize = blockSize;
        _capacity = capacity;
        _phase = phase;
        _used = used;
    }

    internal readonly int Phase => _phase;

    internal readonly int Used => _used;

    /// <summary>Takes one step's blocks (one for each sequence that crosses a block boundary); the occupancy after it.</summary>
    public double Next()
    {
        _used += _decodersByPhase[_phase];
        if (++_phase == _blockSize)
        {
            _phase = 0;
        }

        return _used / _capacity; // a cache of no blocks has no decode runs (TryBeginDecodeRun)
    }
}
