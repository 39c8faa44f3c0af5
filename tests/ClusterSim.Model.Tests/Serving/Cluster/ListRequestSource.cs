using ClusterSim.Engine.Core;
using ClusterSim.Model.Workloads;

namespace ClusterSim.Model.Tests.Serving.Cluster;

/// <summary>Requests at given times (seconds) with given prompt and output lengths, in order: for hand-timed serving tests.</summary>
internal sealed class ListRequestSource(IEnumerable<(double At, int Prompt, int Output)> rows) : IRequestSource
{
    private readonly Queue<(double At, int Prompt, int Output)> _rows = new(rows);

    public bool TryNext(out TextRequestSpec request)
    {
        if (_rows.TryDequeue(out var row))
        {
            request = new TextRequestSpec(SimTime.FromSeconds(row.At), row.Prompt, row.Output);
            return true;
        }

        request = default;
        return false;
    }
}
