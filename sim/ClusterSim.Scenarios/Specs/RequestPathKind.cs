namespace ClusterSim.Scenarios;

/// <summary>How a deployment's requests reach its engine (<see cref="RequestPathSpec"/>).</summary>
public enum RequestPathKind
{
    /// <summary>Through the engine's OpenAI-compatible HTTP server, from a streaming client.</summary>
    Http,

    /// <summary>From a harness in the engine's own process: no path.</summary>
    InProcess,

    /// <summary>A path whose time the scenario gives.</summary>
    Measured,
}
