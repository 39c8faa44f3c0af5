using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// Engines that pull from one shared queue at each step: the request goes to the replica that next reaches a step
/// boundary (an idle one at once), among those with room for another sequence. This is how NVIDIA's MLPerf LLM harness
/// feeds its GPUs: every GPU's TensorRT-LLM batch manager calls the harness's fetch callback before each iteration and
/// takes what waits in the one request queue all GPUs share, up to its free slots (`LLMCore::getInferenceRequest` in
/// `closed/NVIDIA/code/harness/harness_llm/llm_core.cc`, read in MLPerf v5.1's copy; v4.0's `main_llm.cc` builds the same
/// single-process server, and v4.1's `code/common/harness.py` runs it so whenever TP and PP are 1). Nothing is balanced
/// by load: a replica whose steps are long (many sequences) reaches its boundaries less often and so takes fewer requests.
/// </summary>
/// <remarks>
/// Routed on arrival among the replicas with room: the one with the earliest boundary does not change until that
/// boundary passes, so every request arriving before it goes where a pull would have taken it. While no replica has
/// room the request waits in the cluster's queue (<see cref="HoldsWhileFull"/>), as it waits in the harness's, and goes
/// to the first replica to free a slot, at the end of the step that freed it. Ties (idle replicas) go to the fewest
/// requests in flight, then the lowest index. Given only full replicas (a decode pool routes without the queue) it picks
/// the earliest boundary among them.
/// </remarks>
public sealed class StepPullRouter : RouterBase, IRouter
{
    public override string Name => "step_pull";

    /// <summary>While every replica is full, requests wait in the cluster's queue (the class re-declares <see cref="IRouter"/>
    /// so that this member, not the interface's default, answers).</summary>
    public bool HoldsWhileFull => true;

    public override int Route(TextRequest request, IReadOnlyList<IReplicaView> candidates, SimRandom random)
    {
        var best = -1;
        var bestBoundary = long.MaxValue;
        var bestLoad = int.MaxValue;
        for (var pass = 0; pass < 2 && best < 0; pass++)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                if (pass == 0 && c.Outstanding >= c.MaxSequences)
                {
                    continue; // no free slot: its batch manager fetches nothing (a second pass takes any when none has room)
                }

                var boundary = c.StepBoundaryNs;
                if (boundary < bestBoundary || (boundary == bestBoundary && c.Outstanding < bestLoad))
                {
                    best = i;
                    bestBoundary = boundary;
                    bestLoad = c.Outstanding;
                }
            }
        }

        return best;
    }
}
