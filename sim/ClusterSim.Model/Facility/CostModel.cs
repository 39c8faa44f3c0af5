namespace ClusterSim.Model.Facility;

/// <summary>
/// Total cost of ownership of a run: electricity (integrated exactly by the
/// <see cref="FacilityModel"/> over flat or time-of-use prices), capital amortized straight-line
/// over the lifetime, other operating costs pro rata, or rent instead of capital and electricity;
/// and cost per unit delivered, overall and per class.
/// </summary>
public sealed class CostModel
{
    /// <summary>Seconds in the 365-day year used for amortization and yearly costs (8,760 hours).</summary>
    public const double SecondsPerYear = 365 * 86_400.0;

    private readonly CostParameters _p;

    public CostModel(CostParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = parameters;
        var ok = p.Accelerators >= 0 && p.Nodes >= 0
            && NonNegative(p.AcceleratorPriceUsd) && NonNegative(p.ServerPriceUsd) && NonNegative(p.NetworkUsd)
            && NonNegative(p.CoolingUsdPerKw) && NonNegative(p.DesignItKw) && NonNegative(p.OpexUsdPerYear)
            && p.LifetimeYears > 0 && double.IsFinite(p.LifetimeYears)
            && (p.RentUsdPerAcceleratorHour is null || NonNegative(p.RentUsdPerAcceleratorHour.Value));
        if (!ok)
        {
            throw new ArgumentException($"cost parameters {p}: expected non-negative, finite amounts and a positive lifetime", nameof(parameters));
        }

        _p = p;
    }

    /// <summary>Costs of a run of <paramref name="durationSeconds"/>.</summary>
    /// <param name="durationSeconds">Run time the costs cover.</param>
    /// <param name="energyUsd">Electricity bill of the run (<see cref="FacilityModel.EnergyUsd"/>); ignored when renting.</param>
    /// <param name="delivered">What the whole run delivered.</param>
    /// <param name="classes">Per-class shares and deliveries, or null.</param>
    /// <param name="outputTokenShare">
    /// Share of the cost the output tokens in <paramref name="delivered"/> carry (the text pools' accelerators
    /// of all accelerators); the rest served other kinds of work and is not charged to tokens.
    /// </param>
    /// <param name="avatarHourShare">Share of the cost the avatar hours in <paramref name="delivered"/> carry (the avatar pools' accelerators of all accelerators).</param>
    public CostSummary Summarize(double durationSeconds, double energyUsd, ServiceCounts delivered, IReadOnlyList<ClassUsage>? classes = null,
        double outputTokenShare = 1, double avatarHourShare = 1)
    {
        if (!(durationSeconds >= 0 && double.IsFinite(durationSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "expected a finite, non-negative duration");
        }

        if (!NonNegative(energyUsd))
        {
            throw new ArgumentOutOfRangeException(nameof(energyUsd), energyUsd, "expected a finite, non-negative cost");
        }

        ArgumentNullException.ThrowIfNull(delivered);
        var years = durationSeconds / SecondsPerYear;
        var otherOpex = _p.OpexUsdPerYear * years;
        double energy, capex, opex;
        if (_p.RentUsdPerAcceleratorHour is { } rent)
        {
            energy = 0;
            capex = 0;
            opex = (rent * _p.Accelerators * (durationSeconds / 3600)) + otherOpex;
        }
        else
        {
            energy = energyUsd;
            capex = _p.CapitalUsd * years / _p.LifetimeYears;
            opex = otherOpex;
        }

        var total = energy + capex + opex;
        var classCosts = new List<ClassCost>();
        if (classes is not null)
        {
            var shareSum = 0.0;
            foreach (var c in classes)
            {
                ArgumentNullException.ThrowIfNull(c);
                if (!(c.Share >= 0 && c.Share <= 1))
                {
                    throw new ArgumentException($"class '{c.Name}': share {c.Share} must lie in [0, 1]", nameof(classes));
                }

                shareSum += c.Share;
                var classTotal = total * c.Share;
                classCosts.Add(new ClassCost(c.Name, c.Share, classTotal,
                    PerMillion(classTotal, c.Delivered.OutputTokens), Per(classTotal, c.Delivered.VideoSeconds), Per(classTotal, c.Delivered.AvatarHours)));
            }

            if (shareSum > 1 + 1e-9)
            {
                throw new ArgumentException($"class shares add up to {shareSum}, more than 1", nameof(classes));
            }
        }

        var rented = _p.RentUsdPerAcceleratorHour is not null;
        var inputs = new CostInputs(
            _p.Hardware ?? [],
            _p.Nodes,
            rented ? null : _p.ServerPriceUsd,
            rented ? null : _p.LifetimeYears,
            _p.OpexUsdPerYear,
            _p.Excluded ?? []);
        return new CostSummary(
            Basis: _p.Basis,
            Inputs: inputs,
            DurationS: durationSeconds,
            EnergyUsd: energy,
            CapexUsd: capex,
            OpexUsd: opex,
            TotalUsd: total,
            UsdPerHour: durationSeconds > 0 ? total / (durationSeconds / 3600) : 0,
            UsdPerMillionOutputTokens: PerMillion(total * outputTokenShare, delivered.OutputTokens),
            UsdPerVideoSecond: Per(total, delivered.VideoSeconds),
            UsdPerAvatarHour: Per(total * avatarHourShare, delivered.AvatarHours),
            Classes: classCosts);
    }

    private static double? PerMillion(double usd, long tokens) => tokens > 0 ? usd / tokens * 1e6 : null;

    private static double? Per(double usd, double units) => units > 0 ? usd / units : null;

    private static bool NonNegative(double x) => x >= 0 && double.IsFinite(x);
}
