namespace ClusterSim.Analysis.Outputs;

/// <summary>
/// An exclusive lock on an output folder for the length of a run: a lock file held open with no
/// sharing (an advisory <c>flock</c> on Unix), released by the operating system if the process dies.
/// The file itself stays (empty): deleting it on release would let a waiting process lock a file
/// that is no longer the one at the path, and two runs would hold "the" lock at once.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    public const string FileName = ".clustersim.lock";

    private readonly FileStream _stream;

    private OutputFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock at once or throws <see cref="OutputFolderBusyException"/>; never waits.</summary>
    public static OutputFolderLock Take(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            return new OutputFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException
                                     && File.Exists(path))
        {
            throw new OutputFolderBusyException(directory);
        }
    }

    public void Dispose() => _stream.Dispose();
}
