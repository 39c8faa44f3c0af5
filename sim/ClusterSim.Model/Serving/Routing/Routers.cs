namespace ClusterSim.Model.Serving.Routing;

/// <summary>The built-in routers by scenario name; a new router is one class and one line here.</summary>
public static class Routers
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, double>, IRouter>> Factories = new()
    {
        ["round_robin"] = _ => new RoundRobinRouter(),
        ["random"] = _ => new RandomRouter(),
        ["least_outstanding"] = _ => new LeastOutstandingRouter(),
        ["shortest_queue_tokens"] = _ => new ShortestQueueTokensRouter(),
        ["power_of_two"] = _ => new PowerOfTwoRouter(),
        ["prefix_aware"] = p => new PrefixAwareRouter(p.TryGetValue("load_slack", out var s) ? (int)s : 8),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool Exists(string name) => Factories.ContainsKey(name);

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IRouter> factory)
        => Factories[name] = factory;

    public static IRouter Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => Factories.TryGetValue(name, out var factory)
            ? factory(parameters ?? new Dictionary<string, double>())
            : throw new ArgumentException($"unknown router '{name}'; expected one of: {string.Join(", ", Factories.Keys)}");
}
