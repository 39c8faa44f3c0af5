namespace ClusterSim.Model.Facility;

/// <summary>What a run (or one traffic class) delivered, for cost per unit.</summary>
/// <param name="OutputTokens">Generated text tokens.</param>
/// <param name="VideoSeconds">Seconds of generated video.</param>
/// <param name="AvatarHours">Hours of avatar streams served.</param>
public sealed record ServiceCounts(long OutputTokens = 0, double VideoSeconds = 0, double AvatarHours = 0);
