using System.Globalization;

namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// The cartesian product of the <c>--set PATH=V1,V2,...</c> arguments. An argument with one value is
/// a plain override applied to every point. Points are numbered row-major: the first swept
/// parameter changes slowest, the last fastest, so point <c>i</c> is the same on every machine.
/// </summary>
/// <remarks>
/// Values are split at commas outside brackets, braces and quotes, so a YAML value such as
/// <c>[1280, 720]</c> or <c>{kind: poisson, rate: 5}</c> stays whole; a string that contains a comma
/// is quoted.
/// </remarks>
public sealed class SweepGrid
{
    private readonly int[] _strides;

    private SweepGrid(IReadOnlyList<string> fixedSets, IReadOnlyList<SweepParameter> parameters, Dictionary<string, Origin> origins)
    {
        Origins = origins;
        Fixed = fixedSets;
        Parameters = parameters;
        _strides = new int[parameters.Count];
        long count = 1;
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            _strides[i] = (int)count;
            count *= parameters[i].Values.Count;
        }

        Count = (int)count;
    }

    /// <summary>Overrides applied to every point, <c>PATH=VALUE</c>.</summary>
    public IReadOnlyList<string> Fixed { get; }

    /// <summary>Swept parameters, in the order given.</summary>
    public IReadOnlyList<SweepParameter> Parameters { get; }

    /// <summary>
    /// Where each single <c>PATH=VALUE</c> override handed to the loader came from, so that an error
    /// located in it can be shown in the argument the user typed.
    /// </summary>
    internal IReadOnlyDictionary<string, Origin> Origins { get; }

    /// <summary>Number of points (1 when nothing is swept).</summary>
    public int Count { get; }

    /// <summary>Most points a grid may have: a bound that keeps the point index an <see cref="int"/>.</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>The value of every swept parameter at point <paramref name="index"/>.</summary>
    public IReadOnlyList<string> Values(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var values = new string[Parameters.Count];
        for (var i = 0; i < Parameters.Count; i++)
        {
            values[i] = Parameters[i].Values[index / _strides[i] % Parameters[i].Values.Count];
        }

        return values;
    }

    /// <summary>The <c>--set</c> overrides of point <paramref name="index"/>: the fixed ones, then one per swept parameter.</summary>
    public IReadOnlyList<string> Overrides(int index)
    {
        var values = Values(index);
        var sets = new List<string>(Fixed);
        for (var i = 0; i < Parameters.Count; i++)
        {
            sets.Add(Parameters[i].Path + "=" + values[i]);
        }

        return sets;
    }

    /// <summary>Parses <c>--set</c> arguments; throws <see cref="SweepInputException"/> with every problem located in its argument.</summary>
    public static SweepGrid Parse(IReadOnlyList<string>? sets)
    {
        var errors = new List<string>();
        var fixedSets = new List<string>();
        var parameters = new List<SweepParameter>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, Origin>(StringComparer.Ordinal);
        foreach (var arg in sets ?? [])
        {
            var where = $"--set {arg}:1";
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || arg[..eq].Trim().Length == 0)
            {
                errors.Add($"{where}:1: expected PATH=VALUE or PATH=V1,V2,..., for example workloads.chat.arrival.rate=5,10,20");
                continue;
            }

            var path = arg[..eq].Trim();
            if (seen.TryGetValue(path, out var earlier))
            {
                errors.Add($"{where}:1: '{path}' is already set by --set {earlier}; give all its values in one --set, separated by commas");
                continue;
            }

            seen[path] = arg;
            var values = Split(arg, eq + 1, where, errors, out var starts);
            if (values is null)
            {
                continue;
            }

            var pathStart = arg.Length - arg.TrimStart().Length;
            for (var i = 0; i < values.Count; i++)
            {
                origins[path + "=" + values[i]] = new Origin(arg, path.Length, pathStart, starts[i]);
            }

            if (values.Count == 1)
            {
                fixedSets.Add(path + "=" + values[0]);
            }
            else
            {
                parameters.Add(new SweepParameter(path, values));
            }
        }

        long count = 1;
        foreach (var p in parameters)
        {
            count *= p.Values.Count;
            if (count > MaxPoints)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the grid has more than {MaxPoints:N0} points ({string.Join(" x ", parameters.Select(q => q.Values.Count))}); split the sweep"));
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepInputException(errors);
        }

        return new SweepGrid(fixedSets, parameters, origins);
    }

    /// <summary>
    /// Maps a column of a generated <c>PATH=VALUE</c> override (1-based) to the column of the same
    /// character in the argument it came from.
    /// </summary>
    internal readonly record struct Origin(string Arg, int PathLength, int PathStart, int ValueStart)
    {
        public int Column(int generated)
            => generated <= PathLength + 1 ? PathStart + generated : ValueStart + generated - PathLength - 1;
    }

    /// <summary>Splits the value list at top-level commas; null (with an error) on an empty item or unbalanced brackets.</summary>
    private static List<string>? Split(string arg, int start, string where, List<string> errors, out List<int> starts)
    {
        starts = [];

        // An empty value is a plain override to the empty string, as 'clustersim run --set' takes it.
        if (arg[start..].Trim().Length == 0)
        {
            starts.Add(start);
            return [""];
        }

        var values = new List<string>();
        var depth = 0;
        char? quote = null;
        var itemStart = start;
        for (var i = start; i <= arg.Length; i++)
        {
            var c = i < arg.Length ? arg[i] : ',';
            if (quote is { } q)
            {
                if (c == q && i < arg.Length)
                {
                    quote = null;
                }
                else if (i == arg.Length)
                {
                    errors.Add($"{where}:{start + 1}: unclosed {q} quote in the value");
                    return null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' when i < arg.Length:
                    quote = c;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    break;
                case ',' when depth <= 0:
                    if (depth < 0)
                    {
                        errors.Add($"{where}:{itemStart + 1}: unbalanced brackets in the value");
                        return null;
                    }

                    var item = arg[itemStart..Math.Min(i, arg.Length)].Trim();
                    if (item.Length == 0)
                    {
                        errors.Add($"{where}:{itemStart + 1}: empty value in the list; separate values with single commas, e.g. 5,10,20");
                        return null;
                    }

                    values.Add(item);
                    var lead = 0;
                    while (char.IsWhiteSpace(arg[itemStart + lead]))
                    {
                        lead++;
                    }

                    starts.Add(itemStart + lead);
                    itemStart = i + 1;
                    break;
            }
        }

        if (depth != 0)
        {
            errors.Add($"{where}:{start + 1}: unbalanced brackets in the value");
            return null;
        }

        return values;
    }
}
