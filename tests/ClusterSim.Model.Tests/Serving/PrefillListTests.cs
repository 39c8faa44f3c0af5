using ClusterSim.Model.Serving;
using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Tests.Serving;

/// <summary>The prefilling list against a plain list doing the same moves (the order and sums it replaced).</summary>
public sealed class PrefillListTests
{
    [Fact]
    public void Keeps_admission_order_count_and_remaining_tokens_of_a_plain_list_through_random_moves()
    {
        var random = new Random(17);
        var list = new PrefillList();
        var model = new List<TextRequest>();
        for (var step = 0; step < 20_000; step++)
        {
            var move = random.Next(3);
            if (move == 0 || model.Count == 0)
            {
                var r = new TextRequest(step, 0, 0, 1 + random.Next(5_000), 1, null) { PrefillTarget = 1 + random.Next(5_000) };
                list.Add(r);
                model.Add(r);
            }
            else if (move == 1)
            {
                var r = model[random.Next(model.Count)];
                var tokens = random.Next(r.PrefillTarget - r.PrefillDone + 1);
                list.Computed(r, tokens);
            }
            else
            {
                var r = model[random.Next(model.Count)];
                list.Remove(r);
                model.Remove(r);
            }

            Assert.Equal(model.Count, list.Count);
            Assert.Equal(model.Sum(r => (long)(r.PrefillTarget - r.PrefillDone)), list.RemainingTokens);
            if (step % 97 == 0)
            {
                Assert.Equal(model, Walk(list));
            }
        }

        Assert.Equal(model, Walk(list));
    }

    [Fact]
    public void Refuses_to_add_a_member_twice_or_remove_a_stranger()
    {
        var list = new PrefillList();
        var member = new TextRequest(1, 0, 0, 10, 1, null) { PrefillTarget = 10 };
        list.Add(member);

        Assert.Throws<InvalidOperationException>(() => list.Add(member));
        Assert.Throws<InvalidOperationException>(() => list.Remove(new TextRequest(2, 0, 0, 10, 1, null)));
    }

    private static List<TextRequest> Walk(PrefillList list)
    {
        var walked = new List<TextRequest>();
        for (var r = list.First; r is not null; r = r.PrefillNext)
        {
            walked.Add(r);
        }

        return walked;
    }
}
