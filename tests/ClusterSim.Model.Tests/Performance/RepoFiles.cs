namespace ClusterSim.Model.Tests.Performance;

/// <summary>Paths of files the product ships (the copied profiles, the calibrated parameter file).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string SplitwiseProfile => Path.Combine(Root, "scenarios", "profiles", "splitwise_perf_model.csv");

    public static string ProfilesFolder => Path.Combine(Root, "scenarios", "profiles");

    public static string EfficiencyFile => Path.Combine(Root, "scenarios", "catalog", "efficiency.yaml");

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
