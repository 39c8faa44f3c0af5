using ClusterSim.Model.Policies;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The catalog of predictors a scenario can name: the built-ins (`roofline`, `profile`, described in
/// <see cref="PolicyCatalog"/>), names registered with <see cref="Register"/>, and any loaded type implementing
/// <see cref="IExecutionModel"/> named by its full type name (or assembly-qualified name), constructed with an
/// <see cref="ExecutionModelContext"/> or without arguments.
/// </summary>
public static class ExecutionModels
{
    public const string RooflineName = "roofline";
    public const string ProfileName = "profile";

    /// <summary>The registry behind this class (for contract tests and <c>clustersim catalog</c>).</summary>
    public static PolicyRegistry<IExecutionModel, ExecutionModelContext> Registry { get; } = new(PolicySeam.ExecutionModel,
        new Dictionary<string, Func<ExecutionModelContext, IExecutionModel>>
        {
            [RooflineName] = context => new RooflineExecutionModel(context),
            [ProfileName] = context => new ProfileExecutionModel(context),
        });

    /// <summary>Names registered so far, built-ins first.</summary>
    public static IReadOnlyList<string> Names => Registry.Names.ToArray();

    /// <summary>Adds a predictor under <paramref name="name"/>, replacing an earlier registration of that name.</summary>
    public static void Register(string name, Func<ExecutionModelContext, IExecutionModel> factory)
    {
        if (string.Equals(name, RooflineName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, ProfileName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is a built-in predictor and cannot be replaced; register yours under another name");
        }

        Registry.Register(name, factory);
    }

    /// <summary>Creates the predictor <paramref name="name"/> for a deployment; an unknown name or bad deployment throws <see cref="ArgumentException"/>.</summary>
    public static IExecutionModel Create(string name, ExecutionModelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Registry.Create(name ?? "", context);
    }

    /// <summary>Like <see cref="Create"/>, returning the problem as text instead of throwing (for the scenario loader).</summary>
    public static bool TryCreate(string name, ExecutionModelContext context, out IExecutionModel? model, out string? error)
    {
        try
        {
            model = Create(name, context);
            error = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or FileNotFoundException)
        {
            model = null;
            error = e.Message;
            return false;
        }
    }
}
