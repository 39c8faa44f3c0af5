namespace ClusterSim.Model.Tests.Workloads;

/// <summary>Files in the repository, found by walking up from the test binaries to ClusterSim.sln.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Trace(string relative) => Path.Combine(Root, "scenarios", "traces", relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no ClusterSim.sln above {AppContext.BaseDirectory}");
    }
}
