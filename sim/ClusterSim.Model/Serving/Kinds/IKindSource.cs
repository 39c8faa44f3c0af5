namespace ClusterSim.Model.Serving.Kinds;

/// <summary>A stream of a kind's work (request or session specs) in non-decreasing arrival order, produced lazily.</summary>
public interface IKindSource<TSpec>
{
    bool TryNext(out TSpec item);
}
