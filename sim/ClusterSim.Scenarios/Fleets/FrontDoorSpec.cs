namespace ClusterSim.Scenarios.Fleets;

/// <summary>The fleet's front door: one text workload's traffic, split among the clusters.</summary>
/// <param name="Workload">The text workload (same name in every cluster's scenario) whose arrivals the front door sets.</param>
/// <param name="MeanRate">Requests per second into the whole fleet (mean over a day with <see cref="FrontDoorSplit.Diurnal"/>).</param>
/// <param name="Split">Fixed shares (Poisson at each cluster's share) or a diurnal curve in each site's local time.</param>
/// <param name="PeakToTrough">Diurnal: ratio of a site's busiest to quietest rate.</param>
/// <param name="PeakLocalSeconds">Diurnal: local time of day (seconds after midnight) at which every site peaks.</param>
public sealed record FrontDoorSpec(string Workload, double MeanRate, FrontDoorSplit Split, double PeakToTrough, double PeakLocalSeconds);
