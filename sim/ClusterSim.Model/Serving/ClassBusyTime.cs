using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving;

/// <summary>
/// A text replica's busy time split among the classes of the work in each iteration, so that a pool's cost can be
/// charged to classes by the time its accelerators spent on them.
/// </summary>
/// <remarks>
/// Rule: an iteration's duration is split by the tokens each member processed in it: a prefill chunk's tokens, and one
/// token per decoding sequence (each beam of a beam-search request) per step. A step's time is not separable by member (the weights are read once for the
/// whole batch and the attention and matrix work grow with its tokens), and tokens are the unit both its compute and
/// its batch size are counted in; a decode run of k steps gives each sequence k tokens. An iteration with no tokens
/// (only a swap over the host link) is booked to no class: its time counts as the pool's idle time.
/// The counts of decoding sequences per class are kept as they join and leave (O(1)), so booking an iteration costs
/// its prefill chunks plus one pass over the classes.
/// </remarks>
internal sealed class ClassBusyTime
{
    private int[] _decoding = new int[4];
    private double[] _busyNs = new double[4];

    /// <summary>Busy nanoseconds of iterations that processed no token.</summary>
    public double UnattributedNs { get; private set; }

    /// <summary>Busy nanoseconds booked to class <paramref name="classIndex"/>.</summary>
    public double BusyNs(int classIndex) => classIndex < _busyNs.Length ? _busyNs[classIndex] : 0;

    /// <summary>A request of <paramref name="classIndex"/> joins the decode steps with <paramref name="tokens"/> tokens a step (its beams).</summary>
    public void JoinDecode(int classIndex, int tokens = 1)
    {
        if (classIndex >= _decoding.Length)
        {
            var size = Math.Max(classIndex + 1, 2 * _decoding.Length);
            Array.Resize(ref _decoding, size);
            Array.Resize(ref _busyNs, size);
        }

        _decoding[classIndex] += tokens;
    }

    public void LeaveDecode(int classIndex, int tokens = 1) => _decoding[classIndex] -= tokens;

    /// <summary>Books an iteration of <paramref name="durationNs"/>: <paramref name="chunks"/> prefilled, and <paramref name="decodeSteps"/> steps of every decoding sequence (0: none decoded).</summary>
    public void Book(long durationNs, List<TextRequest> chunks, int decodeSteps)
    {
        double tokens = 0;
        foreach (var r in chunks)
        {
            tokens += r.ChunkInFlight;
        }

        if (decodeSteps > 0)
        {
            foreach (var n in _decoding)
            {
                tokens += (double)decodeSteps * n;
            }
        }

        if (tokens <= 0)
        {
            UnattributedNs += durationNs;
            return;
        }

        var perToken = durationNs / tokens;
        foreach (var r in chunks)
        {
            if (r.ClassIndex >= _busyNs.Length)
            {
                var size = Math.Max(r.ClassIndex + 1, 2 * _busyNs.Length);
                Array.Resize(ref _decoding, size);
                Array.Resize(ref _busyNs, size);
            }

            _busyNs[r.ClassIndex] += perToken * r.ChunkInFlight;
        }

        if (decodeSteps > 0)
        {
            for (var c = 0; c < _decoding.Length; c++)
            {
                if (_decoding[c] > 0)
                {
                    _busyNs[c] += perToken * decodeSteps * _decoding[c];
                }
            }
        }
    }
}
