using System.Reflection;

namespace ClusterSim.Model.Performance;

/// <summary>
/// The catalog of predictors a scenario can name: the built-ins (`roofline`, `profile`), names registered with
/// <see cref="Register"/>, and any loaded type implementing <see cref="IExecutionModel"/> named by its full type name
/// (or assembly-qualified name), constructed with an <see cref="ExecutionModelContext"/> or without arguments.
/// </summary>
public static class ExecutionModels
{
    public const string RooflineName = "roofline";
    public const string ProfileName = "profile";

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, Func<ExecutionModelContext, IExecutionModel>> s_factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [RooflineName] = context => new RooflineExecutionModel(context),
            [ProfileName] = context => new ProfileExecutionModel(context),
        };

    /// <summary>Names registered so far, built-ins first.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (s_gate)
            {
                return s_factories.Keys.ToArray();
            }
        }
    }

    /// <summary>Adds a predictor under <paramref name="name"/>, replacing an earlier registration of that name.</summary>
    public static void Register(string name, Func<ExecutionModelContext, IExecutionModel> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (string.Equals(name, RooflineName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, ProfileName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is a built-in predictor and cannot be replaced; register yours under another name");
        }

        lock (s_gate)
        {
            s_factories[name] = factory;
        }
    }

    /// <summary>Creates the predictor <paramref name="name"/> for a deployment; an unknown name or bad deployment throws <see cref="ArgumentException"/>.</summary>
    public static IExecutionModel Create(string name, ExecutionModelContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Func<ExecutionModelContext, IExecutionModel>? factory;
        lock (s_gate)
        {
            s_factories.TryGetValue(name?.Trim() ?? "", out factory);
        }

        if (factory is not null)
        {
            return factory(context);
        }

        var type = FindType(name ?? "");
        if (type is null)
        {
            var known = Names;
            var hint = Hardware.NameMatch.Nearest(name, known);
            throw new ArgumentException(
                $"unknown execution model '{name}': expected one of {string.Join(", ", known)}, " +
                "or the full name of a type implementing ClusterSim.Model.Performance.IExecutionModel" +
                (hint is null ? "" : $"; did you mean '{hint}'?"));
        }

        return Instantiate(type, context);
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

    private static Type? FindType(string name)
    {
        if (name.Trim().Length == 0)
        {
            return null;
        }

        var type = Type.GetType(name.Trim(), throwOnError: false);
        if (type is null)
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                type = assembly.GetType(name.Trim(), throwOnError: false);
                if (type is not null)
                {
                    break;
                }
            }
        }

        if (type is null)
        {
            return null;
        }

        if (!typeof(IExecutionModel).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface)
        {
            throw new ArgumentException(
                $"type '{type.FullName}' does not implement ClusterSim.Model.Performance.IExecutionModel as a concrete class");
        }

        return type;
    }

    private static IExecutionModel Instantiate(Type type, ExecutionModelContext context)
    {
        try
        {
            if (type.GetConstructor([typeof(ExecutionModelContext)]) is { } withContext)
            {
                return (IExecutionModel)withContext.Invoke([context]);
            }

            if (type.GetConstructor(Type.EmptyTypes) is { } parameterless)
            {
                return (IExecutionModel)parameterless.Invoke([]);
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ArgumentException($"execution model '{type.FullName}' could not be created: {e.InnerException.Message}", e.InnerException);
        }

        throw new ArgumentException(
            $"type '{type.FullName}' needs a public constructor taking an ExecutionModelContext, or none taking arguments");
    }
}
