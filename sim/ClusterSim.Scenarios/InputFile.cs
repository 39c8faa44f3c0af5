namespace ClusterSim.Scenarios;

/// <summary>
/// Reads a scenario or fleet file, turning what the file system says into one located line: a missing file,
/// a folder given where a file was meant (listing the YAML files in it), or a file that cannot be read.
/// </summary>
internal static class InputFile
{
    public static string Read(string path, string what)
    {
        if (Directory.Exists(path))
        {
            // Reading a folder fails with the runtime's "access denied"; say what it is instead.
            var yamls = Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal).Take(3).Select(Path.GetFileName).ToList();
            throw new ScenarioException([new ScenarioError(path, 0, 0,
                $"is a folder, not a {what}{(yamls.Count > 0 ? $"; it holds {string.Join(", ", yamls)}" : "")}")]);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, "file not found")]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException([new ScenarioError(path, 0, 0, $"cannot read the file: {ex.Message}")]);
        }
    }
}
