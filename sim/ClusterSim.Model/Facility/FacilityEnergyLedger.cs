namespace ClusterSim.Model.Facility;

/// <summary>
/// Integrates the site's piecewise-constant IT power exactly: IT energy (and its parts), the
/// cooling overhead (exact in the outside temperature too), the electricity bill and carbon,
/// splitting each stretch at tariff and carbon period boundaries so that each sub-stretch has one
/// price and one intensity.
/// </summary>
internal sealed class FacilityEnergyLedger
{
    private const double JoulesPerKwh = 3.6e6;

    private readonly ICoolingModel _cooling;
    private readonly double _designItW;
    private readonly OutsideTemperature _outside;
    private readonly DailySchedule _price;
    private readonly DailySchedule? _carbon;

    private CompensatedSum _itJ;
    private CompensatedSum _acceleratorJ;
    private CompensatedSum _hostJ;
    private CompensatedSum _fanJ;
    private CompensatedSum _overheadJ;
    private CompensatedSum _usd;
    private CompensatedSum _carbonG;
    private long _lastNs;
    private double _itW;
    private double _acceleratorW;
    private double _hostW;
    private double _fanW;

    public FacilityEnergyLedger(ICoolingModel cooling, double designItW, OutsideTemperature outside, DailySchedule price,
        DailySchedule? carbon, long startNs)
    {
        _cooling = cooling;
        _designItW = designItW;
        _outside = outside;
        _price = price;
        _carbon = carbon;
        StartNs = startNs;
        _lastNs = startNs;
    }

    public long StartNs { get; }

    public long EndNs => _lastNs;

    public double ItW => _itW;

    public double PeakItW { get; private set; }

    public double ItJoules => _itJ.Value;

    public double AcceleratorJoules => _acceleratorJ.Value;

    public double HostJoules => _hostJ.Value;

    public double FanJoules => _fanJ.Value;

    public double OverheadJoules => _overheadJ.Value;

    public double FacilityJoules => _itJ.Value + _overheadJ.Value;

    public double EnergyUsd => _usd.Value;

    public double CarbonGrams => _carbonG.Value;

    /// <summary>Power parts from <paramref name="timeNs"/> on (IT = accelerators + host + fans).</summary>
    public void Set(long timeNs, double acceleratorW, double hostW, double fanW)
    {
        AdvanceTo(timeNs);
        _acceleratorW = acceleratorW;
        _hostW = hostW;
        _fanW = fanW;
        _itW = acceleratorW + hostW + fanW;
        if (_itW > PeakItW)
        {
            PeakItW = _itW;
        }
    }

    public void AdvanceTo(long timeNs)
    {
        if (timeNs < _lastNs)
        {
            throw new ArgumentOutOfRangeException(nameof(timeNs), timeNs, $"time went backwards: the ledger is at {_lastNs} ns");
        }

        var from = _lastNs;
        while (from < timeNs)
        {
            var to = Math.Min(timeNs, _price.NextChangeAfter(from));
            if (_carbon is not null)
            {
                to = Math.Min(to, _carbon.NextChangeAfter(from));
            }

            var seconds = (to - from) / 1e9;
            var itJ = _itW * seconds;
            var overheadJ = _cooling.OverheadJoules(_itW, _designItW, from, to, _outside);
            _itJ.Add(itJ);
            _acceleratorJ.Add(_acceleratorW * seconds);
            _hostJ.Add(_hostW * seconds);
            _fanJ.Add(_fanW * seconds);
            _overheadJ.Add(overheadJ);
            var facilityKwh = (itJ + overheadJ) / JoulesPerKwh;
            _usd.Add(facilityKwh * _price.ValueAt(from));
            if (_carbon is not null)
            {
                _carbonG.Add(facilityKwh * _carbon.ValueAt(from));
            }

            from = to;
        }

        _lastNs = timeNs;
    }
}
