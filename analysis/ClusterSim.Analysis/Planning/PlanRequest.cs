using System.Globalization;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// A capacity question: at <see cref="TargetRate"/> requests per second, which accelerator and how
/// many nodes of it meet every SLO for the least money?
/// </summary>
public sealed record PlanRequest
{
    /// <summary>Most node counts one option may list.</summary>
    public const int MaxNodeCount = 100_000;

    /// <summary>The scenario file, or null for the embedded default.</summary>
    public string? ScenarioPath { get; init; }

    /// <summary>Fixed <c>--set PATH=VALUE</c> overrides applied first.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>Arrival rate of <see cref="Class"/>, requests per second.</summary>
    public required double TargetRate { get; init; }

    public required IReadOnlyList<SloConstraint> Slos { get; init; }

    /// <summary>Accelerator keys to try in the node group; empty: the group's own.</summary>
    public IReadOnlyList<string> Accelerators { get; init; } = [];

    /// <summary>Node counts to search, ascending.</summary>
    public IReadOnlyList<int> Nodes { get; init; } = Enumerable.Range(1, 64).ToArray();

    /// <summary>The class whose rate is set and whose figures the SLOs apply to; null when the scenario has one.</summary>
    public string? Class { get; init; }

    /// <summary>The node group that is resized; null when the scenario has one.</summary>
    public string? Group { get; init; }

    public PlanObjective Objective { get; init; } = PlanObjective.CostPerHour;

    /// <summary>Runs per configuration (seeds seed, seed+1, ...); null takes the scenario's run.replications.</summary>
    public int? Replications { get; init; }

    /// <summary>Hardware options searched at once; 0: one per core.</summary>
    public int Parallelism { get; init; }

    /// <summary>
    /// The execution model's error to carry into the answer, as a fraction (0.1: steps 10 % longer or shorter than
    /// predicted); null: none. Each option's node count is searched again with every LLM step scaled by 1 + StepError
    /// and by 1 - StepError (<c>execution_model.step_scale</c>), as <c>capacity --step-error</c> searches its rate.
    /// </summary>
    public double? StepError { get; init; }

    /// <summary>
    /// Carry each option's published checks into the answer (<c>--record-error</c>): its node count is searched again
    /// with the steps scaled by 1 + the largest and 1 + the smallest error the validation record holds for the planned
    /// deployment's kind on that part (<see cref="CapacitySearch.RecordScales"/>), so parts whose kind reads further
    /// from its measurements are sized with that distance. Not with <see cref="StepError"/>.
    /// </summary>
    public bool RecordError { get; init; }

    /// <summary>
    /// Applies <c>--vary accelerator=a,b,c</c> and <c>--vary nodes=1..64</c> (or <c>nodes=1,2,4,8</c>);
    /// throws <see cref="SweepInputException"/> naming the argument.
    /// </summary>
    public PlanRequest WithVary(IReadOnlyList<string> varies)
    {
        var request = this;
        var seen = new HashSet<string>();
        foreach (var arg in varies)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq].Trim().ToLowerInvariant() : "";
            var value = eq > 0 ? arg[(eq + 1)..].Trim() : "";
            if (eq <= 0 || value.Length == 0)
            {
                throw new SweepInputException($"--vary {arg}: expected NAME=VALUES, for example accelerator=h100-sxm,h200-sxm or nodes=1..64");
            }

            if (!seen.Add(name))
            {
                throw new SweepInputException($"--vary {arg}: '{name}' is varied twice; give all its values in one --vary");
            }

            request = name switch
            {
                "accelerator" or "accelerators" => request with { Accelerators = SplitNames(arg, value) },
                "nodes" => request with { Nodes = ParseNodes(arg, value) },
                _ => throw new SweepInputException($"--vary {arg}: cannot vary '{name}'; the planner varies accelerator and nodes (use --set for fixed values){Names.Hint(name, ["accelerator", "nodes"])}"),
            };
        }

        return request;
    }

    private static List<string> SplitNames(string arg, string value)
    {
        var names = value.Split(',').Select(v => v.Trim()).ToList();
        if (names.Any(n => n.Length == 0))
        {
            throw new SweepInputException($"--vary {arg}: empty accelerator name in the list");
        }

        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? names : throw new SweepInputException($"--vary {arg}: '{duplicate.Key}' is listed twice");
    }

    /// <summary><c>a..b</c> (inclusive) or a comma list of positive whole numbers; sorted, without repeats.</summary>
    internal static IReadOnlyList<int> ParseNodes(string arg, string value)
    {
        var nodes = new SortedSet<int>();
        foreach (var part in value.Split(','))
        {
            var range = part.Split("..");
            if (range.Length is < 1 or > 2 || range.Any(r => !int.TryParse(r.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new SweepInputException($"--vary {arg}: expected node counts as a range 1..64 or a list 1,2,4,8 of whole numbers, got '{part}'");
            }

            var low = int.Parse(range[0].Trim(), CultureInfo.InvariantCulture);
            var high = int.Parse(range[^1].Trim(), CultureInfo.InvariantCulture);
            if (low < 1 || high < low || (long)high - low + 1 + nodes.Count > MaxNodeCount)
            {
                throw new SweepInputException(low < 1
                    ? $"--vary {arg}: node counts start at 1"
                    : high < low ? $"--vary {arg}: the range {part} runs backwards" : $"--vary {arg}: more than {MaxNodeCount} node counts");
            }

            for (var n = low; n <= high; n++)
            {
                nodes.Add(n);
            }
        }

        return nodes.ToArray();
    }
}
