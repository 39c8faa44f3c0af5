using System.Text.RegularExpressions;

namespace ClusterSim.Model.Tests.Runs;

/// <summary>
/// Issue 16: the compile-and-run sequence lives in the facade only (sim/ClusterSim.Model/Runs), so
/// every caller simulates the same way. Constructing a ServingCluster anywhere else fails here.
/// </summary>
public sealed partial class OneWayToRunTests
{
    [Fact]
    public void No_source_file_outside_the_facade_builds_a_ServingCluster()
    {
        var root = FindRoot();
        var facade = Path.Combine(root, "sim", "ClusterSim.Model", "Runs") + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f, root))
            .ToList();
        Assert.True(files.Count > 100, $"expected the repository's sources under {root}, found {files.Count} files");
        Assert.Contains(files, f => f.StartsWith(facade, StringComparison.Ordinal) && Construction().IsMatch(File.ReadAllText(f)));

        var offenders = files
            .Where(f => !f.StartsWith(facade, StringComparison.Ordinal) && Construction().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(offenders.Count == 0, "use ClusterSim.Model.Runs.ClusterRun instead of constructing a ServingCluster in: " + string.Join(", ", offenders));
    }

    // The constructor call with any spacing. Comments count too: simpler, and no false pass.
    [GeneratedRegex(@"new\s+ServingCluster\s*\(")]
    private static partial Regex Construction();

    private static bool IsBuildOutput(string file, string root)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "out" || p.StartsWith('.'));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClusterSim.sln not found above " + AppContext.BaseDirectory);
    }
}
