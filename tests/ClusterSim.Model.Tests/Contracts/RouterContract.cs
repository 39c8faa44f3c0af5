using ClusterSim.Engine.Randomness;
using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Requests;
using ClusterSim.Model.Serving.Routing;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>
/// What every router must do. Derive from it with your router in <see cref="Create"/> and its [Fact]s check it:
/// an index within the candidates, always; the same choices for the same seed; the only choice when there is one.
/// </summary>
public abstract class RouterContract
{
    /// <summary>Fresh routers to check (each [Fact] asks again, so state does not leak between them).</summary>
    protected abstract IEnumerable<IRouter> Create();

    private static List<IReplicaView> Candidates(int n)
        => Enumerable.Range(0, n).Select(i => (IReplicaView)new FakeReplica(i, outstanding: (i * 7) % 5, outstandingTokens: (i * 3001) % 7919, waiting: i % 2)).ToList();

    private static TextRequest Request(long id) => new(id, 0, id * 1000, 100 + (int)(id % 50), 20, id % 2 == 0 ? [id, id + 1] : null);

    [Fact]
    public void The_chosen_index_is_always_one_of_the_candidates()
    {
        foreach (var router in Create())
        {
            var random = new SimRandom(7);
            foreach (var n in new[] { 1, 2, 3, 8, 33 })
            {
                var candidates = Candidates(n);
                for (var id = 0L; id < 200; id++)
                {
                    var chosen = router.Route(Request(id), candidates, random);
                    Assert.True(chosen >= 0 && chosen < n, $"router '{router.Name}' chose {chosen} of {n} candidates");
                }
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_choices()
    {
        var first = Create().ToList();
        var second = Create().ToList();
        Assert.Equal(first.Count, second.Count);
        for (var k = 0; k < first.Count; k++)
        {
            var (ra, rb) = (new SimRandom(11), new SimRandom(11));
            var candidates = Candidates(9);
            var a = Enumerable.Range(0, 300).Select(id => first[k].Route(Request(id), candidates, ra)).ToList();
            var b = Enumerable.Range(0, 300).Select(id => second[k].Route(Request(id), candidates, rb)).ToList();
            Assert.True(a.SequenceEqual(b), $"router '{first[k].Name}' chose differently for the same seed");
        }
    }

    [Fact]
    public void A_single_candidate_is_chosen()
    {
        foreach (var router in Create())
        {
            Assert.Equal(0, router.Route(Request(1), Candidates(1), new SimRandom(3)));
        }
    }
}
