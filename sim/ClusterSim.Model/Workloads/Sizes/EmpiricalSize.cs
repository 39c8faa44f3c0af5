using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>Draws uniformly from observed values (for example a trace's prompt lengths).</summary>
public sealed class EmpiricalSize : ISizeDistribution
{
    private readonly int[] _values;

    public EmpiricalSize(IEnumerable<int> values)
    {
        _values = values.ToArray();
        if (_values.Length == 0)
        {
            throw new ArgumentException("an empirical distribution needs at least one value", nameof(values));
        }

        Mean = _values.Average();
    }

    public double Mean { get; }

    /// <summary>The observed values, in the file's order.</summary>
    public IReadOnlyList<int> Values => _values;

    /// <summary>
    /// The values of one CSV column, each times <paramref name="scale"/> and rounded: the column named
    /// <paramref name="column"/> in the header line, or, with no name, the first field of every line (no header).
    /// </summary>
    /// <exception cref="FormatException">A value is not a number; the message names the file, line and column.</exception>
    public static EmpiricalSize FromCsv(string path, string? column, double scale = 1)
    {
        var index = 0;
        var lineNo = 0;
        var values = new List<int>();
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var fields = line.Split(',');
            if (column is not null && lineNo == 1)
            {
                index = Array.FindIndex(fields, f => f.Trim() == column);
                if (index < 0)
                {
                    throw new FormatException($"{path}:1: no column '{column}' in the header");
                }

                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (index >= fields.Length || !double.TryParse(fields[index], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value))
            {
                throw new FormatException($"{path}:{lineNo}: expected a number in column {column ?? "1"}, found '{(index < fields.Length ? fields[index].Trim() : "")}'");
            }

            var scaled = Math.Round(value * scale);
            if (scaled > Scenarios.DistributionSpec.MaxSample)
            {
                throw new FormatException($"{path}:{lineNo}: {value} x {scale} = {scaled:N0} is above {Scenarios.DistributionSpec.MaxSample:N0}, the largest size a request may have");
            }

            values.Add((int)scaled);
        }

        return new EmpiricalSize(values);
    }

    public int Sample(SimRandom rng) => _values[rng.Next(_values.Length)];
}
