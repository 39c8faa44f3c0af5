namespace ClusterSim.Model.Workloads;

/// <summary>
/// One text request as traffic produces it: when it arrives and how big it is. Prefix hashes name
/// the prompt's reusable KV blocks (one per prefix block, as in the Mooncake traces), or are null.
/// <paramref name="UserId"/> names the closed-loop user that issued it (see
/// <see cref="ClosedLoopRequestSource"/>), so its completion can be reported back; -1 for open-loop
/// traffic.
/// </summary>
public readonly record struct TextRequestSpec(long ArrivalNs, int PromptTokens, int OutputTokens, long[]? PrefixHashes = null, int UserId = -1);
