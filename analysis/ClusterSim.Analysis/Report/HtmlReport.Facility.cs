using System.Text;
using ClusterSim.Analysis.Charts;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Facility;
using ClusterSim.Model.Metrics;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Report;

/// <summary>The report's energy and cost sections, from the run's facility result (summary.json's energy and cost sections and power.csv).</summary>
public static partial class HtmlReport
{
    /// <summary>Kind classes (video, avatar, image) with results and an SLO, and how many of them missed it.</summary>
    private static (int Judged, int Missed) KindJudgements(ServingResult result, Scenario? scenario)
    {
        var judged = 0;
        var missed = 0;
        foreach (var c in result.Kinds.SelectMany(k => k.Classes))
        {
            var spec = scenario?.Workloads.FirstOrDefault(w => w.Name == c.Name)?.Slo;
            if (c.Completed == 0 || (spec is not null && SloText(spec) == "none"))
            {
                continue; // no results (said in the kind's table) or nothing promised
            }

            judged++;
            if (!c.MeetsSlo)
            {
                missed++;
            }
        }

        return (judged, missed);
    }

    /// <summary>Power over time (IT and facility), PUE (mean and over time), throttling, and IT energy by rack.</summary>
    private static void Energy(StringBuilder h, ServingResult result)
    {
        if (result.Facility is not { } f)
        {
            return;
        }

        var e = f.Energy;
        h.Append("<section id=\"energy\">\n<h2>Energy</h2>\n<table class=\"kv\">\n");
        var rows = new List<(string, string)>
        {
            ("IT energy", Format.Significant(e.ItKwh) + " kWh"),
            ("Facility energy (IT + cooling and power delivery)", Format.Significant(e.FacilityKwh) + " kWh"),
            ("Mean PUE", Format.Significant(e.MeanPue)),
            ("IT power, mean / peak", $"{Format.Significant(e.MeanItKw)} kW / {Format.Significant(e.PeakItKw)} kW"),
            ("Design IT power (every accelerator at its board limit)", Format.Significant(e.DesignItKw) + " kW"),
            ("Accelerators / hosts and network / fans / cooling overhead",
                $"{Format.Significant(e.AcceleratorKwh)} / {Format.Significant(e.HostKwh)} / {Format.Significant(e.FanKwh)} / {Format.Significant(e.CoolingOverheadKwh)} kWh"),
            ("Busy accelerator-hours", Format.Significant(e.BusyAcceleratorHours)),
            ("Mean busy clock", Format.Percent(e.MeanBusyClock)),
            ("Thermal throttling", $"{Format.Seconds(e.ThrottledNodeHours * 3600)} node-time in {Format.Integer(e.ThrottleIntervals)} stretches"),
            ("Hottest accelerator", Format.Significant(e.MaxAcceleratorTempC) + " °C"),
        };
        if (e.SiteCapKw is { } cap)
        {
            rows.Add(("Site power cap", Format.Significant(cap) + " kW"));
            rows.Add(("Busy accelerator-hours slowed by a cap", Format.Significant(e.CapLimitedAcceleratorHours)));
            rows.Add(("Work held back by a cap", Format.Integer(e.HeldBack)));
        }

        if (e.CarbonKg is { } carbon)
        {
            rows.Add(("Carbon", Format.Significant(carbon) + " kgCO2e"));
        }

        foreach (var (k, v) in rows)
        {
            h.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        if (f.Throttles.Count > 0)
        {
            // The longest stretches first: they are the ones that cost throughput.
            const int shown = 20;
            h.Append("<h3>Throttling stretches</h3>\n");
            Table(h, ["Node", "From", "To", "Length", "Lowest clock", "Peak temperature (°C)"],
                f.Throttles.OrderByDescending(t => t.EndNs - t.StartNs).ThenBy(t => t.StartNs).Take(shown).Select(t => new[]
                {
                    t.NodeName, Format.Seconds(SimTime.ToSeconds(t.StartNs)), Format.Seconds(SimTime.ToSeconds(t.EndNs)),
                    Format.Seconds(t.DurationSeconds), Format.Percent(t.LowestClock), Format.Significant(t.PeakTemperatureC),
                }), numeric: i => i >= 1);
            if (f.Throttles.Count > shown)
            {
                h.Append("<p class=\"hint\">The ").Append(shown).Append(" longest of ").Append(Format.Integer(f.Throttles.Count)).Append(" stretches.</p>\n");
            }
        }

        var racks = f.Power.Racks;
        if (racks.Count > 0)
        {
            h.Append("<h3>IT energy by rack</h3>\n");
            Table(h, ["Rack", "IT energy (kWh)", "Mean IT power (kW)", "Peak IT power (kW)", "Cap (kW)"],
                racks.Select(r => new[]
                {
                    r.Name, Format.Significant(Joules(r.ItW) / 3.6e6), Format.Significant(Mean(r.ItW) / 1e3),
                    Format.Significant(r.ItW.Count == 0 ? 0 : r.ItW.Max(b => b.Max) / 1e3), r.CapW is { } c ? Format.Significant(c / 1e3) : "none",
                }), numeric: i => i >= 1);
            h.Append("<p class=\"hint\">Racks not named in the scenario are one per node group, so each holds the pools placed on that group.</p>\n");
        }

        var it = f.Power.SiteItW;
        var facility = f.Power.SiteFacilityW;
        if (it.Count > 0)
        {
            Figure(h, Chart.OverTime("energy-power", "Site power over time", "Power (kW)",
                [("IT", Kw(it)), ("facility (IT x PUE)", Kw(facility))]));
            Figure(h, Chart.OverTime("energy-pue", "PUE over time", "Facility power / IT power", [("PUE", Pue(it, facility))],
                [new ReferenceLine($"mean {Format.Significant(e.MeanPue)}", e.MeanPue)]));
        }

        h.Append("</section>\n");
    }

    /// <summary>
    /// Cost on the run's basis with its inputs, each pool's cost, and per class the cost of the hardware it used and its
    /// cost per unit (text USD per million output tokens, video USD per second of video, avatar USD per stream-hour): the
    /// pools' cost split among their classes by busy time.
    /// </summary>
    private static void Cost(StringBuilder h, ServingResult result)
    {
        if (result.Facility is not { } f)
        {
            return;
        }

        var c = f.Cost;
        var rented = c.Basis == CostSummary.Rent;
        h.Append("<section id=\"cost\">\n<h2>Cost</h2>\n<table class=\"kv\">\n");
        var rows = new List<(string, string)>
        {
            ("Basis", rented ? "rent (accelerators rented by the hour; electricity included in the rent)" : "own (capital amortised over the lifetime, electricity billed)"),
            ("Total", Usd(c.TotalUsd) + $" over {Format.Seconds(c.DurationS)}"),
            ("Per hour", Usd(c.UsdPerHour) + "/h"),
            ("Electricity / capital / other (rent included)", $"{Usd(c.EnergyUsd)} / {Usd(c.CapexUsd)} / {Usd(c.OpexUsd)}"),
            ("Per million output tokens (text pools' cost)", c.UsdPerMillionOutputTokens is { } m ? Usd(m) : "no data"),
        };
        if (c.UsdPerVideoSecond is { } videoSecond)
        {
            rows.Add(("Per second of video (video pools' cost)", Usd(videoSecond)));
        }

        if (c.UsdPerAvatarHour is { } avatarHour)
        {
            rows.Add(("Per avatar stream-hour (avatar pools' cost)", Usd(avatarHour)));
        }

        rows.Add(("Nodes", Format.Integer(c.Inputs.Nodes)));
        if (c.Inputs.ServerUsd is { } server)
        {
            rows.Add(("Server price besides accelerators", Usd(server)));
        }

        if (c.Inputs.LifetimeYears is { } years)
        {
            rows.Add(("Lifetime", Format.Significant(years) + " years"));
        }

        if (c.Inputs.NetworkUsd is { } network)
        {
            rows.Add(("Network capital", Usd(network)));
        }

        if (c.Inputs is { CoolingUsdPerKw: { } perKw, DesignItKw: { } designKw })
        {
            rows.Add(("Cooling and power plant capital", $"{Usd(perKw * designKw)} ({Usd(perKw)} per kW x {Format.Significant(designKw)} kW)"));
        }

        rows.Add(("Other operating costs", Usd(c.Inputs.OpexUsdPerYear) + " per year"));
        foreach (var (k, v) in rows)
        {
            h.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        if (c.Inputs.Accelerators.Count > 0)
        {
            h.Append("<h3>Inputs</h3>\n");
            Table(h, ["Accelerator", "Count", rented ? "Rent (USD/h)" : "Price (USD)"],
                c.Inputs.Accelerators.Select(a => new[]
                {
                    a.Accelerator, Format.Integer(a.Count),
                    (rented ? a.RentUsdPerHour : a.PriceUsd) is { } v ? Format.Significant(v) : "not in the catalog (counted as 0)",
                }), numeric: i => i == 1);
        }

        if (c.Inputs.Excluded.Count > 0)
        {
            h.Append("<p class=\"hint\">Left out: ").Append(E(string.Join("; ", c.Inputs.Excluded))).Append(".</p>\n");
        }

        if (c.Pools.Count > 0)
        {
            h.Append("<h3>Cost per pool</h3>\n");
            Table(h, ["Pool", "Accelerators", "Nodes", "IT energy (kWh)", "Busy", rented ? "Rent" : "Capital", "Electricity", "Other", "Total", "Of it idle"],
                c.Pools.Select(p => new[]
                {
                    p.Pool, Format.Integer(p.Accelerators), Format.Significant(p.Nodes), Format.Significant(p.ItKwh), Format.Percent(p.BusyShare),
                    Usd(rented ? p.RentUsd : p.CapexUsd), Usd(p.EnergyUsd), Usd(p.OpexUsd), Usd(p.TotalUsd), Usd(p.IdleUsd),
                }), numeric: i => i > 0);
            if (c.UnattributedUsd is > 0 and var unattributed)
            {
                h.Append("<p class=\"hint\">Charged to no class: ").Append(E(Usd(unattributed)))
                    .Append(" (accelerators in no pool, or pools no class kept busy).</p>\n");
            }
        }

        h.Append("<h3>Cost per class</h3>\n");
        var classRows = new List<string[]>();
        foreach (var cc in c.Classes)
        {
            var (value, unit) = cc.UsdPerMillionOutputTokens is { } perM ? (Usd(perM), "per million output tokens")
                : cc.UsdPerAvatarHour is { } perH ? (Usd(perH), "per stream-hour")
                : cc.UsdPerVideoSecond is { } perS ? (Usd(perS), "per second of video")
                : KindOf(result, cc.Name) == "image" ? ("—", "no unit here (the image section has rent per image)")
                : ("no data", "nothing delivered");
            classRows.Add([cc.Name, KindOf(result, cc.Name), Usd(cc.TotalUsd), Format.Percent(cc.Share), value, unit, $"its pools' busy-time share of their cost ({c.Basis})"]);
        }

        foreach (var kind in result.Kinds)
        {
            foreach (var k in kind.Classes.Where(k => c.Classes.All(cc => cc.Name != k.Name)))
            {
                var (value, unit) = UnitCost(k);
                classRows.Add([k.Name, kind.Kind, Usd(k.CostUsd), "—", value, unit, "rent x accelerator-seconds of its work"]);
            }
        }

        Table(h, ["Class", "Kind", "Cost", "Share of total", "Unit cost", "Unit", "Priced from"], classRows, numeric: i => i is 2 or 3 or 4);
        h.Append("<p class=\"hint\">Each class carries the cost of the pools that served them (rent, or capital with the pool's metered electricity), ")
            .Append("split among a pool's classes by busy accelerator-seconds (a text iteration by the tokens each member processed in it), ")
            .Append("idle time in the same proportion. Image classes have no unit here; their section has rent per image.</p>\n");
        h.Append("</section>\n");
    }

    private static (string Value, string Unit) UnitCost(KindClassResult k)
    {
        foreach (var (key, unit) in new[] { ("cost_usd_per_video_second", "per second of video"), ("cost_usd_per_image", "per image"), ("cost_usd_per_stream_hour", "per stream-hour") })
        {
            if (k.Metrics.FirstOrDefault(m => m.Key == key) is { } metric)
            {
                return (metric.Number is { } v ? Usd(v) : "no data", unit);
            }
        }

        return ("no data", "no unit cost reported");
    }

    private static string KindOf(ServingResult result, string name)
        => result.Classes.Any(c => c.Name == name) ? "text" : result.Kinds.FirstOrDefault(k => k.Classes.Any(c => c.Name == name))?.Kind ?? "?";

    private static string Usd(double usd) => Format.Significant(usd) + " USD";

    private static void Figure(StringBuilder h, Chart chart)
        => h.Append("<figure id=\"chart-").Append(E(chart.Name)).Append("\">\n").Append(chart.SvgElement()).Append('\n')
            .Append("<figcaption>").Append(E(chart.Title)).Append("</figcaption>\n</figure>\n");

    private static double Joules(IReadOnlyList<SeriesBucket> watts) => watts.Sum(b => b.Mean * (b.EndNs - b.StartNs) / 1e9);

    private static double Mean(IReadOnlyList<SeriesBucket> watts)
    {
        var span = watts.Sum(b => (double)(b.EndNs - b.StartNs));
        return span > 0 ? Joules(watts) * 1e9 / span : 0;
    }

    private static SeriesBucket[] Kw(IReadOnlyList<SeriesBucket> watts) => [.. watts.Select(b => b with { Mean = b.Mean / 1e3, Max = b.Max / 1e3 })];

    /// <summary>PUE per bucket: facility energy over IT energy in it (the buckets of both series are the same intervals).</summary>
    private static SeriesBucket[] Pue(IReadOnlyList<SeriesBucket> it, IReadOnlyList<SeriesBucket> facility)
        => [.. it.Zip(facility, (i, f) => i with { Mean = i.Mean > 0 ? f.Mean / i.Mean : 0, Max = i.Mean > 0 ? f.Mean / i.Mean : 0 })];
}
