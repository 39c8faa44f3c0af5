namespace ClusterSim.Scenarios.Policies;

/// <summary>What a policy parameter holds, as a scenario writes it.</summary>
public enum ParameterType
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,

    /// <summary>Seconds, or a string with a unit ("10ms"); bound as seconds.</summary>
    Duration,

    /// <summary>Free text (a file, a stack name).</summary>
    Text,

    /// <summary>One of <see cref="PolicyParameter.Choices"/>.</summary>
    Choice,
}
