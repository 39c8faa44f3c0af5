using ClusterSim.Model.Serving.Admission;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Tests.Contracts;

/// <summary>
/// What every admission policy must do. Derive from it with your policy in <see cref="Create"/>: under no load
/// (an idle replica, requests a second apart) nothing is refused, and the same arrivals get the same answers.
/// </summary>
public abstract class AdmissionContract
{
    protected abstract IEnumerable<IAdmissionPolicy> Create();

    private static TextRequest Request(long id) => new(id, 0, id * 1_000_000_000, 100, 20, null);

    [Fact]
    public void Nothing_is_refused_under_no_load()
    {
        foreach (var policy in Create())
        {
            var idle = new FakeReplica(0);
            for (var id = 0L; id < 100; id++)
            {
                Assert.True(policy.Admit(Request(id), idle, id * 1_000_000_000), $"admission '{policy.Name}' refused request {id} on an idle replica");
            }
        }
    }

    [Fact]
    public void The_same_arrivals_get_the_same_answers()
    {
        var first = Create().ToList();
        var second = Create().ToList();
        for (var k = 0; k < first.Count; k++)
        {
            for (var id = 0L; id < 200; id++)
            {
                var busy = new FakeReplica(0, outstanding: (int)(id % 9), waiting: (int)(id % 5));
                var nowNs = id * 1_000_000; // 1,000 requests/s: enough to make a limit bite
                Assert.Equal(first[k].Admit(Request(id), busy, nowNs), second[k].Admit(Request(id), busy, nowNs));
            }
        }
    }
}
