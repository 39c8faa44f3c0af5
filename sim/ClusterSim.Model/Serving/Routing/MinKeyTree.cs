namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// A tournament tree over positions 0..n-1, each with a key: the position of the least key (ties to the lowest
/// position) in O(1), a key change in O(log n). A position set to <see cref="long.MaxValue"/> is out of the race.
/// </summary>
internal sealed class MinKeyTree
{
    private readonly long[] _key;   // by leaf; leaves past the count stay at MaxValue
    private readonly int[] _winner; // by node (1 is the root): the winning position below it
    private readonly int _leaves;

    public MinKeyTree(int count)
    {
        _leaves = 1;
        while (_leaves < Math.Max(1, count))
        {
            _leaves <<= 1;
        }

        _key = new long[_leaves];
        Array.Fill(_key, long.MaxValue);
        _winner = new int[2 * _leaves];
        for (var i = 0; i < _leaves; i++)
        {
            _winner[_leaves + i] = i;
        }

        for (var node = _leaves - 1; node >= 1; node--)
        {
            _winner[node] = Better(_winner[2 * node], _winner[2 * node + 1]);
        }
    }

    /// <summary>Position of the least key (ties to the lowest position).</summary>
    public int ArgMin => _winner[1];

    /// <summary>The least key; <see cref="long.MaxValue"/> when every position is out.</summary>
    public long Min => _key[_winner[1]];

    public void Set(int position, long key)
    {
        _key[position] = key;
        for (var node = (_leaves + position) >> 1; node >= 1; node >>= 1)
        {
            var w = Better(_winner[2 * node], _winner[2 * node + 1]);
            if (_winner[node] == w && w != position)
            {
                break; // the winner above did not change, and it is not the position whose key moved
            }

            _winner[node] = w;
        }
    }

    private int Better(int a, int b) => _key[b] < _key[a] || (_key[b] == _key[a] && b < a) ? b : a;
}
