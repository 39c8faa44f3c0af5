using ClusterSim.Model.Policies;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Serving.Admission;

/// <summary>
/// The admission policies by scenario name: the built-ins (described in <see cref="PolicyCatalog"/>), registered
/// names, and types implementing <see cref="IAdmissionPolicy"/> named by their full name.
/// </summary>
/// <remarks>
/// <c>slo_aware</c> needs a latency prediction per request that text pools do not make yet: for text it admits
/// everything, and the compiler says so in the notes (video and avatar pools read admission their own way).
/// </remarks>
public static class AdmissionPolicies
{
    private static readonly PolicyEntry QueueLimit = PolicyCatalog.Get(PolicySeam.Admission, "queue_limit");
    private static readonly PolicyEntry TokenBucket = PolicyCatalog.Get(PolicySeam.Admission, "token_bucket");

    /// <summary>The registry behind this class (for contract tests and <c>clustersim catalog</c>).</summary>
    public static PolicyRegistry<IAdmissionPolicy, IReadOnlyDictionary<string, double>> Registry { get; } = new(PolicySeam.Admission,
        new Dictionary<string, Func<IReadOnlyDictionary<string, double>, IAdmissionPolicy>>
        {
            ["none"] = _ => new AdmitAll("none"),
            ["queue_limit"] = p => new QueueLimitAdmission((int)QueueLimit.Number(p, "max_queue")),
            ["token_bucket"] = p => new TokenBucketAdmission(TokenBucket.Number(p, "rate"), (int)TokenBucket.Number(p, "burst")),
            ["slo_aware"] = _ => new AdmitAll("slo_aware"),
        });

    public static IReadOnlyCollection<string> Names => Registry.Names;

    public static void Register(string name, Func<IReadOnlyDictionary<string, double>, IAdmissionPolicy> factory) => Registry.Register(name, factory);

    public static IAdmissionPolicy Create(string name, IReadOnlyDictionary<string, double>? parameters = null)
        => Registry.Create(name, parameters ?? new Dictionary<string, double>());
}
