namespace ClusterSim.Cli.Tests;

/// <summary>Runs the command line in-process, capturing exit code, standard output and standard error.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>What a user must never see: a stack frame or an exception type name.</summary>
    public static void NoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
    }

    /// <summary>The checkout's root (where ClusterSim.sln is), for the scenarios and profiles the tests read.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ClusterSim.sln not found");
    }
}
