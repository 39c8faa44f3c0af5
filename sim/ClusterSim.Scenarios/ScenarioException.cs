namespace ClusterSim.Scenarios;

/// <summary>
/// A scenario (or catalog) that cannot be used, with every located error found in one pass.
/// The only exception the loader lets out for bad input; callers print <see cref="Errors"/> and exit 2.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ScenarioError> Errors { get; }
}
