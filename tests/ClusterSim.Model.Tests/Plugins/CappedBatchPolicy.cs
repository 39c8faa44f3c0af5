using ClusterSim.Model.Serving.Batching;

namespace ClusterSim.Model.Tests.Plugins;

/// <summary>A test plug-in batching policy: continuous batching with at most <c>cap</c> sequences running (a scenario parameter).</summary>
public sealed class CappedBatchPolicy(IReadOnlyDictionary<string, double> parameters) : IBatchPolicy
{
    private readonly int _cap = (int)parameters["cap"];

    public string Name => "capped";

    public bool Plan(BatchBuilder batch, out long wakeAtNs)
    {
        wakeAtNs = -1;
        while (batch.WaitingCount > 0 && batch.RunningCount < _cap && batch.TryAdmitNext())
        {
        }

        if (batch.PrefillingCount > 0 && batch.SchedulePrefill(batch.MaxBatchTokens, allowPartial: true) > 0)
        {
            if (batch.DecodingCount > 0)
            {
                batch.IncludeDecodes();
            }

            return true;
        }

        if (batch.DecodingCount > 0)
        {
            batch.IncludeDecodes();
            return true;
        }

        return false;
    }
}
