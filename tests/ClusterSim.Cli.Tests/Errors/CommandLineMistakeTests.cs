namespace ClusterSim.Cli.Tests.Errors;

/// <summary>Mistyped options and commands get a suggestion; files a user owns are not replaced without --force.</summary>
public sealed class CommandLineMistakeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-cli-mistakes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_misspelt_option_after_an_optional_file_is_an_unknown_option_with_a_suggestion()
    {
        var (code, output, error) = CliRunner.Run(["run", "--timline"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: unknown option '--timline' for 'clustersim run'; did you mean '--timeline'?", error);
        CliRunner.NoStackTrace(error);
    }

    [Fact]
    public void A_misspelt_option_among_other_arguments_gets_a_suggestion()
    {
        var (code, _, error) = CliRunner.Run(["validate", Path.Combine(CliRunner.RepositoryRoot, "scenarios", "default.yaml"), "--sett", "x=1"]);

        Assert.Equal(2, code);
        Assert.Contains("unknown option '--sett' for 'clustersim validate'; did you mean '--set'?", error);
    }

    [Fact]
    public void A_misspelt_command_gets_a_suggestion_and_the_list()
    {
        var (code, _, error) = CliRunner.Run(["sweeep"]);

        Assert.Equal(2, code);
        Assert.StartsWith("error: unknown command 'sweeep'; did you mean 'sweep'?; expected one of: run, validate, sweep", error);
    }

    [Fact]
    public void Schema_out_refuses_to_replace_other_content_without_force()
    {
        var file = Path.Combine(_folder, "mine.json");
        File.WriteAllText(file, "{\"mine\": true}");

        var (code, _, error) = CliRunner.Run(["schema", "--out", file]);
        Assert.Equal(2, code);
        Assert.Equal($"error: {file} exists with other content; add --force to replace it\n", error.Replace("\r\n", "\n"));
        Assert.Equal("{\"mine\": true}", File.ReadAllText(file));

        Assert.Equal(0, CliRunner.Run(["schema", "--out", file, "--force"]).Code);
        Assert.StartsWith("{", File.ReadAllText(file));
        Assert.Equal(0, CliRunner.Run(["schema", "--out", file]).Code); // the same content again: nothing to lose
    }

    [Fact]
    public void Calibrate_writes_under_out_unless_asked_to_replace_the_catalog_file()
    {
        var catalog = Path.Combine(CliRunner.RepositoryRoot, "scenarios", "catalog", "efficiency.yaml");
        var before = File.GetLastWriteTimeUtc(catalog);
        var file = Path.Combine(_folder, "eff.yaml");

        var (code, _, error) = CliRunner.Run(["calibrate", "--out", file, "--write-catalog"]);
        Assert.Equal(2, code);
        Assert.Contains("give --out or --write-catalog, not both", error);
        Assert.Equal(before, File.GetLastWriteTimeUtc(catalog));
    }
}
