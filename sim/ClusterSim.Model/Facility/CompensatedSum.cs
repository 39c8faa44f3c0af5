namespace ClusterSim.Model.Facility;

/// <summary>
/// Neumaier's compensated sum: a day of millions of small P x dt terms added to a large total
/// keeps its error near one rounding instead of growing with the number of terms.
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double x)
    {
        var t = _sum + x;
        if (Math.Abs(_sum) >= Math.Abs(x))
        {
            _compensation += (_sum - t) + x;
        }
        else
        {
            _compensation += (x - t) + _sum;
        }

        _sum = t;
    }
}
