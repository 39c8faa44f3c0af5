namespace ClusterSim.Cli.Tests.Errors;

/// <summary>Files the CLI writes appear whole or not at all, and no <c>.partial</c> outlives the write.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clustersim-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_completed_write_replaces_the_file_and_leaves_no_partial()
    {
        var path = Path.Combine(_folder, "out.txt");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_write_that_fails_half_way_keeps_the_old_file_and_removes_the_partial()
    {
        var path = Path.Combine(_folder, "out.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, writer =>
        {
            writer.Write("half of it");
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }
}
