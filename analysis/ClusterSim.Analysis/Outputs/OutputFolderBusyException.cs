namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// Another run holds the output folder's lock. An <see cref="IOException"/>, so callers that treat
/// file-system trouble as bad input (exit code 2) need nothing new.
/// </summary>
public sealed class OutputFolderBusyException(string directory)
    : IOException($"{directory}: another clustersim run is writing to this folder; wait for it to finish or choose another --out (nothing was written)")
{
    public string Directory { get; } = directory;
}
