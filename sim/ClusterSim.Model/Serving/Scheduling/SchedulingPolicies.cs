using ClusterSim.Model.Policies;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>
/// The queue disciplines by scenario name: the built-ins (described in <see cref="PolicyCatalog"/>), registered
/// names, and types implementing <see cref="IQueueDiscipline"/> named by their full name.
/// </summary>
public static class SchedulingPolicies
{
    /// <summary>The registry behind this class (for contract tests and <c>clustersim catalog</c>).</summary>
    public static PolicyRegistry<IQueueDiscipline, IReadOnlyDictionary<string, double>> Registry { get; } = new(PolicySeam.Scheduling,
        new Dictionary<string, Func<IReadOnlyDictionary<string, double>, IQueueDiscipline>>
        {
            ["fcfs"] = _ => SchedulingPolicy.Fcfs.Discipline,
            ["priority"] = _ => SchedulingPolicy.Priority.Discipline,
            ["edf"] = _ => SchedulingPolicy.Edf.Discipline,
            ["shortest_first"] = _ => SchedulingPolicy.ShortestFirst.Discipline,
            ["fair"] = _ => SchedulingPolicy.Fair.Discipline,
        });

    public static IReadOnlyCollection<string> Names => Registry.Names;

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IQueueDiscipline> factory) => Registry.Register(name, factory);

    /// <summary>The discipline <paramref name="name"/>; an unknown name throws an <see cref="ArgumentException"/> listing the names.</summary>
    public static SchedulingPolicy Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => SchedulingPolicy.Of(Registry.Create(name, parameters ?? new Dictionary<string, double>()));

    /// <summary>Parses a built-in or registered name; an unknown one throws a <see cref="NotSupportedException"/> listing the names.</summary>
    public static SchedulingPolicy Parse(string name)
        => Registry.Exists(name)
            ? Create(name)
            : throw new NotSupportedException($"scheduling policy '{name}' is not available; built in: {string.Join(", ", Names)}");

    public static string Name(SchedulingPolicy policy) => policy.Name;
}
