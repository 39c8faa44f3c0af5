namespace ClusterSim.Engine.Core;

/// <summary>
/// A process waited on an event that failed and did not call <see cref="Process.HandleFault"/>:
/// the failure is not silently swallowed.
/// </summary>
public sealed class EventFailedException : Exception
{
    public EventFailedException(object? cause)
        : base($"A process waited on an event that failed ({cause ?? "no cause"}) and did not handle the fault.",
            cause as Exception)
    {
        Cause = cause;
    }

    public object? Cause { get; }
}
