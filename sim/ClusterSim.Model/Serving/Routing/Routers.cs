using ClusterSim.Model.Policies;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Serving.Routing;

/// <summary>
/// The routers by scenario name: the built-ins (described, with their defaults, in <see cref="PolicyCatalog"/>),
/// registered names, and types implementing <see cref="IRouter"/> named by their full name.
/// </summary>
public static class Routers
{
    private static readonly PolicyEntry PrefixAware = PolicyCatalog.Get(PolicySeam.Routing, "prefix_aware");

    /// <summary>The registry behind this class (for contract tests and <c>clustersim catalog</c>).</summary>
    public static PolicyRegistry<IRouter, IReadOnlyDictionary<string, double>> Registry { get; } = new(PolicySeam.Routing,
        new Dictionary<string, Func<IReadOnlyDictionary<string, double>, IRouter>>
        {
            ["round_robin"] = _ => new RoundRobinRouter(),
            ["random"] = _ => new RandomRouter(),
            ["least_outstanding"] = _ => new LeastOutstandingRouter(),
            ["shortest_queue_tokens"] = _ => new ShortestQueueTokensRouter(),
            ["power_of_two"] = _ => new PowerOfTwoRouter(),
            ["prefix_aware"] = p => new PrefixAwareRouter((int)PrefixAware.Number(p, "load_slack")),
            ["step_pull"] = _ => new StepPullRouter(),
        });

    public static IReadOnlyCollection<string> Names => Registry.Names;

    public static bool Exists(string name) => Registry.Exists(name);

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IRouter> factory) => Registry.Register(name, factory);

    public static IRouter Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => Registry.Create(name, parameters ?? new Dictionary<string, double>());
}
