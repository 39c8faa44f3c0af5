using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving;

/// <summary>
/// A replica's admitted requests whose prompt is not fully computed, oldest admission first, as an
/// intrusive doubly linked list: appending and removing a finished prefill cost O(1) (a list's
/// <c>Remove</c> scanned it), and the prompt tokens still to compute are kept as a running sum so the
/// batch builder need not add them up before every iteration.
/// </summary>
internal sealed class PrefillList
{
    private TextRequest? _tail;

    public TextRequest? First { get; private set; }

    public int Count { get; private set; }

    /// <summary>Sum over the members of <c>PrefillTarget - PrefillDone</c>, kept exact at every moment.</summary>
    public long RemainingTokens { get; private set; }

    /// <summary>Appends <paramref name="r"/>, whose <c>PrefillTarget</c> and <c>PrefillDone</c> are set.</summary>
    public void Add(TextRequest r)
    {
        if (r.InPrefillList)
        {
            throw new InvalidOperationException($"request {r.Id} is already prefilling");
        }

        r.InPrefillList = true;
        r.PrefillPrev = _tail;
        r.PrefillNext = null;
        if (_tail is null)
        {
            First = r;
        }
        else
        {
            _tail.PrefillNext = r;
        }

        _tail = r;
        Count++;
        RemainingTokens += r.PrefillTarget - r.PrefillDone;
    }

    /// <summary>A chunk of <paramref name="r"/>'s prompt was computed: the only way a member's <c>PrefillDone</c> changes.</summary>
    public void Computed(TextRequest r, int tokens)
    {
        r.PrefillDone += tokens;
        RemainingTokens -= tokens;
    }

    public void Remove(TextRequest r)
    {
        if (!r.InPrefillList)
        {
            throw new InvalidOperationException($"request {r.Id} is not prefilling");
        }

        if (r.PrefillPrev is null)
        {
            First = r.PrefillNext;
        }
        else
        {
            r.PrefillPrev.PrefillNext = r.PrefillNext;
        }

        if (r.PrefillNext is null)
        {
            _tail = r.PrefillPrev;
        }
        else
        {
            r.PrefillNext.PrefillPrev = r.PrefillPrev;
        }

        r.PrefillPrev = r.PrefillNext = null;
        r.InPrefillList = false;
        Count--;
        RemainingTokens -= r.PrefillTarget - r.PrefillDone;
    }
}
