namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>Scenario names of the scheduling policies.</summary>
public static class SchedulingPolicies
{
    private static readonly (string Name, SchedulingPolicy Policy)[] s_names =
    [
        ("fcfs", SchedulingPolicy.Fcfs),
        ("priority", SchedulingPolicy.Priority),
        ("edf", SchedulingPolicy.Edf),
        ("shortest_first", SchedulingPolicy.ShortestFirst),
        ("fair", SchedulingPolicy.Fair),
    ];

    public static IReadOnlyList<string> Names { get; } = s_names.Select(n => n.Name).ToArray();

    public static bool TryParse(string name, out SchedulingPolicy policy)
    {
        foreach (var (key, value) in s_names)
        {
            if (key == name)
            {
                policy = value;
                return true;
            }
        }

        policy = SchedulingPolicy.Fcfs;
        return false;
    }

    /// <summary>Parses a scenario name; an unknown one throws a <see cref="NotSupportedException"/> listing the names.</summary>
    public static SchedulingPolicy Parse(string name)
        => TryParse(name, out var policy)
            ? policy
            : throw new NotSupportedException($"scheduling policy '{name}' is not available; built in: {string.Join(", ", Names)}");

    public static string Name(SchedulingPolicy policy) => s_names.First(n => n.Policy == policy).Name;
}
