using ClusterSim.Model.Metrics;

namespace ClusterSim.Model.Facility;

/// <summary>
/// What a facility run measures as power changes: the energy ledger (IT, cooling overhead, bill,
/// carbon), power series for the site and each rack, and accelerator-seconds busy, clock-weighted
/// and cap-limited.
/// </summary>
internal sealed class FacilityMeters
{
    private readonly ICoolingModel _cooling;
    private readonly OutsideTemperature _outside;
    private readonly double _designItW;
    private readonly FacilityPowerSums _sums;
    private readonly FacilityEnergyLedger _ledger;
    private readonly TimeWeightedSeries _siteSeries;
    private readonly TimeWeightedSeries _siteFacilitySeries;
    private readonly TimeWeightedSeries[] _rackSeries;

    private CompensatedSum _busyAcceleratorSeconds;
    private CompensatedSum _busyClockAcceleratorSeconds;
    private CompensatedSum _capLimitedAcceleratorSeconds;

    // Per node: energy up to its last change, and the power and time of that change, so that each pool's share of
    // the site's energy is metered from the nodes it sits on (node power changes only when a group on it commits).
    private readonly CompensatedSum[] _nodeJ;
    private readonly double[] _nodeW;
    private readonly long[] _nodeSinceNs;

    public FacilityMeters(FacilityOptions options, double designItW, FacilityPowerSums sums, long now)
    {
        _cooling = options.Cooling;
        _outside = options.Outside;
        _designItW = designItW;
        _sums = sums;
        _ledger = new FacilityEnergyLedger(_cooling, designItW, _outside, options.ElectricityUsdPerKwh, options.CarbonGramsPerKwh, now);
        _ledger.Set(now, sums.SiteAccW, sums.SiteHostW, sums.SiteFanW);
        _rackSeries = new TimeWeightedSeries[sums.RackCount];
        for (var r = 0; r < _rackSeries.Length; r++)
        {
            _rackSeries[r] = new TimeWeightedSeries(now, sums.RackW(r), options.SeriesBuckets, options.SeriesBucketWidthNs);
        }

        _siteSeries = new TimeWeightedSeries(now, sums.SiteW, options.SeriesBuckets, options.SeriesBucketWidthNs);
        _siteFacilitySeries = new TimeWeightedSeries(now, FacilityW(now), options.SeriesBuckets, options.SeriesBucketWidthNs);
        var nodes = sums.NodeCount;
        _nodeJ = new CompensatedSum[nodes];
        _nodeW = new double[nodes];
        _nodeSinceNs = new long[nodes];
        for (var n = 0; n < nodes; n++)
        {
            _nodeW[n] = sums.NodeW(n);
            _nodeSinceNs[n] = now;
        }
    }

    public FacilityEnergyLedger Ledger => _ledger;

    public TimeWeightedSeries SiteSeries => _siteSeries;

    public TimeWeightedSeries SiteFacilitySeries => _siteFacilitySeries;

    public TimeWeightedSeries RackSeries(int rack) => _rackSeries[rack];

    /// <summary>Facility power now (IT plus cooling overhead at the outside temperature of <paramref name="now"/>), watts.</summary>
    public double FacilityW(long now) => _sums.SiteW + _cooling.OverheadW(_sums.SiteW, _designItW, _outside.At(now));

    /// <summary>
    /// Books the busy stretch a group ends now (it ran <paramref name="activity"/>, on its share of the group's
    /// accelerators, at <paramref name="clock"/> since it last changed).
    /// </summary>
    public void EndBusy(FacilityGroup g, AcceleratorActivity activity, double clock, long now)
    {
        var seconds = g.Accelerators * activity.AcceleratorShare * ((now - g.Since) / 1e9);
        _busyAcceleratorSeconds.Add(seconds);
        _busyClockAcceleratorSeconds.Add(seconds * clock);
        if (g.CapLimited)
        {
            _capLimitedAcceleratorSeconds.Add(seconds);
        }
    }

    /// <summary>Records the power after a group's change: the ledger, its racks' series and the site's.</summary>
    public void Record(FacilityGroup g, long now)
    {
        foreach (var n in g.Nodes)
        {
            _nodeJ[n].Add(_nodeW[n] * ((now - _nodeSinceNs[n]) / 1e9));
            _nodeW[n] = _sums.NodeW(n);
            _nodeSinceNs[n] = now;
        }

        _ledger.Set(now, _sums.SiteAccW, _sums.SiteHostW, _sums.SiteFanW);
        foreach (var rack in g.Racks)
        {
            _rackSeries[rack].Record(now, _sums.RackW(rack));
        }

        _siteSeries.Record(now, _sums.SiteW);
        _siteFacilitySeries.Record(now, FacilityW(now));
    }

    /// <summary>Brings the ledger and every series up to <paramref name="now"/>.</summary>
    public void AdvanceTo(long now)
    {
        _ledger.AdvanceTo(now);
        _siteSeries.AdvanceTo(now);
        _siteFacilitySeries.AdvanceTo(now);
        foreach (var series in _rackSeries)
        {
            series.AdvanceTo(now);
        }
    }

    /// <summary>IT energy of a node (accelerators, host, network, fans) from the start to <paramref name="now"/>, joules.</summary>
    public double NodeJoules(int node, long now) => _nodeJ[node].Value + (_nodeW[node] * ((now - _nodeSinceNs[node]) / 1e9));

    /// <summary>Accelerator-seconds busy, busy times clock, and cap-limited, with stretches still open counted up to <paramref name="now"/>.</summary>
    public (double Busy, double BusyClock, double CapLimited) AcceleratorSeconds(List<FacilityGroup> groups, long now)
    {
        var busy = _busyAcceleratorSeconds;
        var busyClock = _busyClockAcceleratorSeconds;
        var capLimited = _capLimitedAcceleratorSeconds;
        foreach (var g in groups)
        {
            if (g.Activity.State == AcceleratorState.Busy)
            {
                var seconds = g.Accelerators * g.Activity.AcceleratorShare * ((now - g.Since) / 1e9);
                busy.Add(seconds);
                busyClock.Add(seconds * g.Clock);
                if (g.CapLimited)
                {
                    capLimited.Add(seconds);
                }
            }
        }

        return (busy.Value, busyClock.Value, capLimited.Value);
    }
}
