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
            rented ? null : _p.NetworkUsd,
            rented ? null : _p.CoolingUsdPerKw,
            rented ? null : _p.DesignItKw,
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

    /// <summary>One line for summary.json: how <see cref="Attribute"/> splits the cost.</summary>
    public const string AttributionRule =
        "by pool: each pool carries its accelerators' rent, or their capital (price, and its share of node and cluster-wide capital) "
        + "with its metered IT energy at the run's mean electricity price and PUE, and other opex by accelerators; a pool's cost is "
        + "split among its classes by busy accelerator-seconds (a text iteration by tokens processed in it), its idle time in the "
        + "same proportion; hardware in no pool and pools no class kept busy are unattributed";

    /// <summary>
    /// Costs of a run split by pool, then among each pool's classes by busy time (<see cref="AttributionRule"/>).
    /// </summary>
    /// <param name="durationSeconds">Run time the costs cover.</param>
    /// <param name="energyUsd">Electricity bill of the run (<see cref="FacilityModel.EnergyUsd"/>); ignored when renting.</param>
    /// <param name="siteItKwh">The site's IT energy over the run, which the pools' <see cref="PoolUsage.ItKwh"/> are shares of.</param>
    /// <param name="classes">Every class and what it delivered; the pools' busy times are in this order.</param>
    /// <param name="pools">Each pool's hardware, energy and busy time per class.</param>
    /// <remarks>
    /// Idle time is charged to a pool's classes in proportion to their busy time: the pool was provisioned for them, and a
    /// planner asking what a class costs per unit wants the hardware it needs, headroom included. Each pool's
    /// <see cref="PoolCost.IdleUsd"/> says how much of it was idle.
    /// </remarks>
    public CostSummary Attribute(double durationSeconds, double energyUsd, double siteItKwh, IReadOnlyList<ClassDelivery> classes, IReadOnlyList<PoolUsage> pools)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(pools);
        if (!NonNegative(siteItKwh))
        {
            throw new ArgumentOutOfRangeException(nameof(siteItKwh), siteItKwh, "expected a finite, non-negative energy");
        }

        var whole = Summarize(durationSeconds, energyUsd, new ServiceCounts());
        var years = durationSeconds / SecondsPerYear;
        var rented = _p.RentUsdPerAcceleratorHour is not null;
        var perAccelerator = _p.Accelerators > 0 ? 1.0 / _p.Accelerators : 0;
        var clusterCapital = _p.NetworkUsd + (_p.CoolingUsdPerKw * _p.DesignItKw);
        var classUsd = new double[classes.Count];
        var poolCosts = new List<PoolCost>(pools.Count);
        var pooledUsd = 0.0;
        var idlePoolsUsd = 0.0;
        foreach (var pool in pools)
        {
            ArgumentNullException.ThrowIfNull(pool);
            if (pool.BusySecondsByClass.Count != classes.Count)
            {
                throw new ArgumentException($"pool '{pool.Pool}': {pool.BusySecondsByClass.Count} busy times for {classes.Count} classes", nameof(pools));
            }

            if (pool.Accelerators < 0 || !NonNegative(pool.AcceleratorUsd) || !NonNegative(pool.Nodes) || !NonNegative(pool.ItKwh)
                || pool.BusySecondsByClass.Any(b => !NonNegative(b)))
            {
                throw new ArgumentException($"pool {pool}: expected non-negative, finite figures", nameof(pools));
            }

            var accShare = pool.Accelerators * perAccelerator;
            double capex = 0, energy = 0, rent = 0;
            if (rented)
            {
                rent = pool.Accelerators * pool.AcceleratorUsd * (durationSeconds / 3600);
            }
            else
            {
                var capital = (pool.Accelerators * pool.AcceleratorUsd) + (pool.Nodes * _p.ServerPriceUsd) + (accShare * clusterCapital);
                capex = capital * years / _p.LifetimeYears;
                energy = siteItKwh > 0 ? whole.EnergyUsd * (pool.ItKwh / siteItKwh) : 0;
            }

            var opex = _p.OpexUsdPerYear * years * accShare;
            var total = capex + energy + rent + opex;
            var busy = pool.BusySecondsByClass.Sum();
            var capacity = pool.Accelerators * durationSeconds;
            var busyShare = capacity > 0 ? Math.Min(1, busy / capacity) : 0;
            poolCosts.Add(new PoolCost(pool.Pool, pool.Accelerators, pool.Nodes, pool.ItKwh, busyShare, capex, energy, rent, opex, total,
                total * (1 - busyShare)));
            pooledUsd += total;
            if (busy > 0)
            {
                for (var c = 0; c < classes.Count; c++)
                {
                    classUsd[c] += total * (pool.BusySecondsByClass[c] / busy);
                }
            }
            else
            {
                idlePoolsUsd += total;
            }
        }

        // What no pool holds: accelerators in no pool with their nodes, energy and opex (the whole less the pools' sum).
        var outside = whole.TotalUsd - pooledUsd;
        if (outside < -1e-9 * Math.Max(1, whole.TotalUsd))
        {
            throw new ArgumentException($"the pools cost {pooledUsd} USD, more than the cluster's {whole.TotalUsd} USD: pools and cost parameters disagree", nameof(pools));
        }

        var classCosts = new List<ClassCost>(classes.Count);
        double textUsd = 0, videoUsd = 0, avatarUsd = 0, videoSeconds = 0, avatarHours = 0;
        long tokens = 0;
        for (var c = 0; c < classes.Count; c++)
        {
            var d = classes[c].Delivered;
            var usd = classUsd[c];
            classCosts.Add(new ClassCost(classes[c].Name, whole.TotalUsd > 0 ? usd / whole.TotalUsd : 0, usd,
                PerMillion(usd, d.OutputTokens), Per(usd, d.VideoSeconds), Per(usd, d.AvatarHours)));
            if (d.OutputTokens > 0)
            {
                textUsd += usd;
                tokens += d.OutputTokens;
            }

            if (d.VideoSeconds > 0)
            {
                videoUsd += usd;
                videoSeconds += d.VideoSeconds;
            }

            if (d.AvatarHours > 0)
            {
                avatarUsd += usd;
                avatarHours += d.AvatarHours;
            }
        }

        return whole with
        {
            UsdPerMillionOutputTokens = PerMillion(textUsd, tokens),
            UsdPerVideoSecond = Per(videoUsd, videoSeconds),
            UsdPerAvatarHour = Per(avatarUsd, avatarHours),
            Classes = classCosts,
            Attribution = AttributionRule,
            Pools = poolCosts,
            UnattributedUsd = Math.Max(0, outside) + idlePoolsUsd,
        };
    }

    private static double? PerMillion(double usd, long tokens) => tokens > 0 ? usd / tokens * 1e6 : null;

    private static double? Per(double usd, double units) => units > 0 ? usd / units : null;

    private static bool NonNegative(double x) => x >= 0 && double.IsFinite(x);
}
