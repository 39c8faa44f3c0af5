using ClusterSim.Model.Serving;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>A replica as a router or admission policy sees it, with loads the test sets.</summary>
public sealed class FakeReplica(int index, int outstanding = 0, long outstandingTokens = 0, int waiting = 0, double kvFree = 1, long stepBoundaryNs = 0) : IReplicaView
{
    public int Index => index;

    public string Pool => "pool";

    public ReplicaRole Role => ReplicaRole.Both;

    public int Outstanding => outstanding;

    public long OutstandingTokens => outstandingTokens;

    public int WaitingCount => waiting;

    public int DecodingCount => outstanding - waiting;

    public double KvFreeFraction => kvFree;

    public int MaxSequences => 256;

    public long StepBoundaryNs => stepBoundaryNs;

    public int MatchPrefix(long[]? hashes) => hashes is null ? 0 : index % 3;
}
