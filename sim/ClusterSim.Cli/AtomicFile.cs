using System.Text;

namespace ClusterSim.Cli;

/// <summary>
/// Writes a file under <c>PATH.partial</c> and renames it over <c>PATH</c> only once it is complete,
/// so an interrupted or failed write never leaves a half-written file where a user or a script
/// expects a finished one, and never leaves the <c>.partial</c> behind either. (The analysis
/// library has its own helper for sweep outputs; it is internal there, hence this one.)
/// </summary>
internal static class AtomicFile
{
    public const string Suffix = ".partial";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => Write(path, writer => writer.Write(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Commit(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Runs <paramref name="write"/> on a UTF-8 writer (no BOM) over the temporary file, then commits it.</summary>
    public static void Write(string path, Action<TextWriter> write) => Commit(path, temp =>
    {
        using var writer = new StreamWriter(temp, append: false, Utf8NoBom);
        write(writer);
    });

    /// <summary>Has <paramref name="write"/> fill the temporary file it is given, then renames it over <paramref name="path"/>.</summary>
    private static void Commit(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temp = path + Suffix;
        var committed = false;
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                DeleteQuietly(temp);
            }
        }
    }

    /// <summary>
    /// Removes a leftover temporary file or folder. Failing to clean up must not hide the error
    /// that made the cleanup necessary, so failures here are swallowed.
    /// </summary>
    public static void DeleteQuietly(string temp)
    {
        try
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
            else
            {
                File.Delete(temp);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
        }
    }
}
