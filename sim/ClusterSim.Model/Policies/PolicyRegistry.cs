using System.Collections.Immutable;
using System.Reflection;
using ClusterSim.Scenarios.Policies;

namespace ClusterSim.Model.Policies;

/// <summary>
/// The implementations of one seam by name: the built-ins of <see cref="PolicyCatalog"/> (bound to their factories
/// here), names added with <see cref="Register"/>, and any concrete type implementing <typeparamref name="TPolicy"/>
/// named by its full (or assembly-qualified) name, from a loaded assembly or a plug-in
/// (<see cref="PluginAssemblies"/>), constructed with a <typeparamref name="TArgs"/> or without arguments.
/// </summary>
/// <remarks>
/// Sweeps create policies from parallel points: the table is an immutable snapshot, replaced under a lock on
/// <see cref="Register"/> and read without one.
/// </remarks>
public sealed class PolicyRegistry<TPolicy, TArgs> where TPolicy : class
{
    private readonly Lock _gate = new();
    private readonly ImmutableHashSet<string> _builtIns;
    private ImmutableDictionary<string, Func<TArgs, TPolicy>> _factories;

    /// <param name="builtIns">One factory per catalog entry of <paramref name="seam"/>: no more, no fewer.</param>
    public PolicyRegistry(PolicySeam seam, IReadOnlyDictionary<string, Func<TArgs, TPolicy>> builtIns)
    {
        Seam = seam;
        var declared = PolicyCatalog.Of(seam).Select(e => e.Name).ToHashSet();
        if (!declared.SetEquals(builtIns.Keys))
        {
            throw new InvalidOperationException(
                $"the {PolicyCatalog.Noun(seam)} factories ({string.Join(", ", builtIns.Keys)}) do not match the catalog ({string.Join(", ", declared)})");
        }

        // In catalog order, so Names lists them as the schema and `clustersim catalog` do.
        _factories = PolicyCatalog.Of(seam).Aggregate(ImmutableDictionary.Create<string, Func<TArgs, TPolicy>>(StringComparer.OrdinalIgnoreCase),
            (d, e) => d.Add(e.Name, builtIns[e.Name]));
        _builtIns = declared.ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public PolicySeam Seam { get; }

    /// <summary>Built-in and registered names (type names of plug-ins are not listed).</summary>
    public IReadOnlyCollection<string> Names
        => PolicyCatalog.Of(Seam).Select(e => e.Name).Concat(Volatile.Read(ref _factories).Keys.Where(k => !_builtIns.Contains(k)).Order()).ToArray();

    /// <summary>True when <paramref name="name"/> is built in, registered, or a type that can serve here.</summary>
    public bool Exists(string name) => Problem(name) is null;

    /// <summary>Why <paramref name="name"/> cannot be created here, or null when it can.</summary>
    public string? Problem(string name)
        => Volatile.Read(ref _factories).ContainsKey(name) ? null : PluginAssemblies.Problem(Seam, name);

    /// <summary>Adds a factory under <paramref name="name"/>, replacing an earlier registration; a built-in cannot be replaced.</summary>
    public void Register(string name, Func<TArgs, TPolicy> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (_builtIns.Contains(name))
        {
            throw new ArgumentException($"'{name}' is a built-in {PolicyCatalog.Noun(Seam)} and cannot be replaced; register yours under another name");
        }

        lock (_gate)
        {
            _factories = _factories.SetItem(name, factory);
        }
    }

    /// <summary>Creates <paramref name="name"/>; an unknown name, or a type that does not fit, throws <see cref="ArgumentException"/>.</summary>
    public TPolicy Create(string name, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Volatile.Read(ref _factories).TryGetValue(name.Trim(), out var factory))
        {
            return factory(args);
        }

        if (PluginAssemblies.Problem(Seam, name) is { } problem)
        {
            var hint = Hardware.NameMatch.Nearest(name, Names.ToList());
            throw new ArgumentException($"unknown {PolicyCatalog.Noun(Seam)} '{name}': {problem}" + (hint is null ? "" : $"; did you mean '{hint}'?"));
        }

        return Instantiate(PluginAssemblies.FindType(name)!, args);
    }

    private static TPolicy Instantiate(Type type, TArgs args)
    {
        try
        {
            if (type.GetConstructor([typeof(TArgs)]) is { } withArgs)
            {
                return (TPolicy)withArgs.Invoke([args]);
            }

            if (type.GetConstructor(Type.EmptyTypes) is { } parameterless)
            {
                return (TPolicy)parameterless.Invoke([]);
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ArgumentException($"'{type.FullName}' could not be created: {e.InnerException.Message}", e.InnerException);
        }

        throw new ArgumentException(
            $"type '{type.FullName}' needs a public constructor taking {typeof(TArgs).Name}, or none taking arguments");
    }
}
