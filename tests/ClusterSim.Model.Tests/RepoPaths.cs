namespace ClusterSim.Model.Tests;

/// <summary>Finds files of the repository from a test's working directory.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ClusterSim.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
