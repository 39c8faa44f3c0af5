using ClusterSim.Model.Facility;
using System.Globalization;
using System.Text;
using ClusterSim.Model.Serving.Cluster;

namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// <c>power.csv</c>: site and rack power over a run, one row per time bucket (the facility's series
/// all share one layout): bucket start and end in seconds, site IT kW, facility kW and PUE (means
/// over the bucket), the highest site IT kW in it, then each rack's mean IT kW.
/// </summary>
public static class PowerCsv
{
    public static string Write(FacilityResult facility)
    {
        var ic = CultureInfo.InvariantCulture;
        var p = facility.Power;
        var sb = new StringBuilder("start_s,end_s,site_it_kw,facility_kw,pue,site_it_max_kw");
        foreach (var rack in p.Racks)
        {
            sb.Append(",rack_").Append(rack.Name.Replace(',', '_')).Append("_kw");
        }

        sb.Append('\n');
        for (var i = 0; i < p.SiteItW.Count; i++)
        {
            var it = p.SiteItW[i];
            var total = i < p.SiteFacilityW.Count ? p.SiteFacilityW[i].Mean : double.NaN;
            sb.Append(string.Create(ic, $"{it.StartNs / 1e9:R},{it.EndNs / 1e9:R},{it.Mean / 1e3:R},{total / 1e3:R},{(it.Mean > 0 ? total / it.Mean : 0):R},{it.Max / 1e3:R}"));
            foreach (var rack in p.Racks)
            {
                sb.Append(',').Append((i < rack.ItW.Count ? rack.ItW[i].Mean / 1e3 : double.NaN).ToString("R", ic));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
