using ClusterSim.Scenarios.Binding;

namespace ClusterSim.Scenarios.Policies;

/// <summary>One parameter of a catalog entry: its name, type and range, default and meaning.</summary>
/// <param name="Default">As a scenario would write it (a number, or a duration string such as "10ms"); null: no default.</param>
public sealed record PolicyParameter(string Name, ParameterType Type, string Description, object? Default = null)
{
    /// <summary>Smallest value allowed (numbers, whole numbers and durations).</summary>
    public double? Min { get; init; }

    /// <summary>True when <see cref="Min"/> itself is not allowed.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>Largest value allowed.</summary>
    public double? Max { get; init; }

    /// <summary>The allowed values of a <see cref="ParameterType.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>A regular expression a <see cref="ParameterType.Text"/> value must match; null: any text.</summary>
    public string? Pattern { get; init; }

    /// <summary>What <see cref="Pattern"/> accepts, in words, for the error a value that does not match gets.</summary>
    public string? PatternHint { get; init; }

    /// <summary>True when a scenario must give it (there is no sensible default).</summary>
    public bool Required { get; init; }

    /// <summary>The default as a number (durations in seconds); throws when the parameter has no numeric default.</summary>
    public double DefaultNumber => Values.NumberOf(Default)
        ?? throw new InvalidOperationException($"parameter '{Name}' has no numeric default");

    /// <summary>Type and range in words, for <c>clustersim catalog</c> and messages.</summary>
    public string Range
    {
        get
        {
            var type = Type switch
            {
                ParameterType.Integer => "integer",
                ParameterType.Number => "number",
                ParameterType.Duration => "duration",
                ParameterType.Text => "text",
                _ => string.Join("|", Choices),
            };
            var lo = Min is { } min ? (MinExclusive ? $" > {min:G}" : $" >= {min:G}") : "";
            var hi = Max is { } max && max < int.MaxValue ? $" <= {max:G}" : "";
            return type + lo + hi;
        }
    }
}
