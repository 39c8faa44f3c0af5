using System.Collections.Immutable;
using System.Reflection;

namespace ClusterSim.Scenarios.Policies;

/// <summary>
/// Assemblies holding researchers' own policies (a scenario's <c>plugins:</c>, or <c>--plugin</c>), and the lookup
/// of a type by the name a scenario gives it: its full name (My.Namespace.MyRouter) or assembly-qualified name, as
/// execution models have always been named. Loaded once per process; safe to call from parallel sweep points.
/// </summary>
public static class PluginAssemblies
{
    private static readonly Lock s_gate = new();
    private static ImmutableDictionary<string, Assembly> s_loaded = ImmutableDictionary<string, Assembly>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Paths loaded so far (absolute).</summary>
    public static IReadOnlyCollection<string> Loaded => Volatile.Read(ref s_loaded).Keys.ToArray();

    /// <summary>Loads the assembly at <paramref name="path"/> (again: no-op); false with the reason when it cannot be loaded.</summary>
    public static bool TryLoad(string path, out string? error)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"'{path}' is not a valid path: {e.Message}";
            return false;
        }

        if (Volatile.Read(ref s_loaded).ContainsKey(full))
        {
            error = null;
            return true;
        }

        if (!File.Exists(full))
        {
            error = $"plug-in assembly not found: '{path}' (looked for {full})";
            return false;
        }

        lock (s_gate)
        {
            if (!s_loaded.ContainsKey(full))
            {
                try
                {
                    var assembly = Assembly.LoadFrom(full);
                    s_loaded = s_loaded.SetItem(full, assembly);
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
                {
                    error = $"'{path}' is not a loadable .NET assembly: {e.Message}";
                    return false;
                }
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// The type named <paramref name="name"/> in any loaded assembly (plug-ins included); null when none has it.
    /// </summary>
    public static Type? FindType(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var type = Type.GetType(trimmed, throwOnError: false);
        if (type is not null)
        {
            return type;
        }

        foreach (var assembly in Volatile.Read(ref s_loaded).Values)
        {
            type = assembly.GetType(trimmed, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            type = assembly.GetType(trimmed, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot serve as <paramref name="seam"/>: no such type, or it is not a concrete class
    /// implementing the seam's interface; null when it can.
    /// </summary>
    public static string? Problem(PolicySeam seam, string name)
    {
        var wanted = PolicyCatalog.SeamInterface(seam);
        var builtIns = string.Join(", ", PolicyCatalog.Of(seam).Select(e => e.Name));
        if (wanted is null)
        {
            return $"a {PolicyCatalog.Noun(seam)} is a built-in ({builtIns}), not a type of your own";
        }

        var type = FindType(name);
        if (type is null)
        {
            return $"no type '{name}' in the loaded assemblies: expected a built-in {PolicyCatalog.Noun(seam)} ({builtIns}) " +
                   $"or the full name of a class implementing {wanted} in an assembly named by 'plugins:' or --plugin";
        }

        var implements = type.GetInterfaces().Any(i => i.FullName == wanted);
        return implements && type is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false }
            ? null
            : $"type '{type.FullName}' does not implement {wanted} as a concrete class";
    }
}
