namespace ClusterSim.Analysis.Sweeps;

/// <summary>Writes files under temporary names and renames them at the end, so a failure leaves no half-written output.</summary>
internal static class SweepFiles
{
    public static void WriteAtomically(IReadOnlyList<(string Path, byte[] Bytes)> files)
    {
        var written = new List<string>();
        try
        {
            foreach (var (path, bytes) in files)
            {
                written.Add(path + ".partial"); // before writing: a write that fails half-way leaves a file too
                File.WriteAllBytes(path + ".partial", bytes);
            }

            foreach (var (path, _) in files)
            {
                File.Move(path + ".partial", path, overwrite: true);
            }
        }
        catch
        {
            foreach (var temp in written.Where(File.Exists))
            {
                File.Delete(temp);
            }

            throw;
        }
    }
}
