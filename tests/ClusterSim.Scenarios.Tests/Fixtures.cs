using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A small catalog with round figures, so the error tests do not change when the real catalog's
/// figures are revised, plus paths into the repository.
/// </summary>
internal static class Fixtures
{
    public const string AcceleratorsYaml = """
        accelerators:
          gpu-80:
            name: Test GPU 80
            hbm_gb: 80
            hbm_bandwidth_gbs: 3000
            tflops: {bf16: 1000, fp8: 2000}
            tdp_w: 700
            idle_w: 70
            scale_up: {kind: nvlink4, bidir_gbs: 900}
            price_usd: 25000
            confidence: high
            source: test fixture
          gpu-24:
            name: Test GPU 24
            hbm_gb: 24
            hbm_bandwidth_gbs: 900
            tflops: {fp16: 300}
            tdp_w: 300
            confidence: low
            source: test fixture
        """;

    public const string ModelsYaml = """
        models:
          small-llm:
            kind: llm
            name: Small LLM
            params_b: 8
            layers: 32
            hidden_size: 4096
            heads: 32
            kv_heads: 8
            head_dim: 128
            ffn_size: 14336
            vocab_size: 128256
            max_context: 8192
            confidence: high
            source: test fixture
          big-llm:
            kind: llm
            name: Big LLM
            params_b: 400
            layers: 126
            hidden_size: 16384
            heads: 128
            kv_heads: 8
            head_dim: 128
            ffn_size: 53248
            vocab_size: 128256
            max_context: 8192
            confidence: high
            source: test fixture
          tiny-video:
            kind: video
            name: Tiny Video
            params_b: 1
            layers: 10
            hidden_size: 1024
            heads: 8
            ffn_size: 4096
            patch: [1, 2, 2]
            vae_compression: [4, 8, 8]
            latent_channels: 16
            default_steps: 20
            default_resolution: [832, 480]
            default_fps: 16
            confidence: medium
            source: test fixture
          tiny-avatar:
            kind: avatar
            name: Tiny Avatar
            params_b: 0.5
            gflops_per_frame: 100
            resolution: [256, 256]
            default_fps: 25
            confidence: low
            source: test fixture
        """;

    public static Catalog Catalog { get; } = Catalog.Parse(AcceleratorsYaml, ModelsYaml);

    /// <summary>A video workload and an avatar one on the fixture catalog, each on its own deployment. Line numbers matter.</summary>
    public const string VideoAndAvatar = """
        workloads:
          clip: {kind: video, model: tiny-video, arrival: {kind: poisson, rate: 0.1}, seconds: 5}
          face: {kind: avatar, model: tiny-avatar, arrival: {kind: closed, users: 3, think_time: 10s}, session_length: 2m}
        hardware:
          nodes:
            n: {count: 1, accelerator: gpu-80, per_node: 8}
        deployments:
          v: {model: tiny-video, nodes: n, tp: 4}
          a: {model: tiny-avatar, nodes: n, replicas: 4}
        run: {requests: 100}
        """;

    /// <summary>The repository root: the folder holding ClusterSim.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    public static IEnumerable<string> ExampleFiles
        => Directory.GetFiles(Scenarios, "*.yaml").OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>Parses YAML into our node tree, failing the test on syntax errors.</summary>
    public static Node Tree(string yaml, string name = "test.yaml")
    {
        var diagnostics = new Diagnostics();
        var node = YamlReader.Read(yaml, new Source(name, 0), diagnostics);
        Assert.Empty(diagnostics.Sorted());
        return node!;
    }

    /// <summary>Runs the loader and returns its errors as "line:col: message" (empty when valid).</summary>
    public static List<string> Errors(string yaml, string? baseDirectory = null, IReadOnlyList<string>? sets = null)
    {
        try
        {
            ScenarioLoader.Parse(yaml, "test.yaml", baseDirectory, sets, Catalog);
            return [];
        }
        catch (ScenarioException ex)
        {
            return ex.Errors.Select(e => e.File == "test.yaml" ? $"{e.Line}:{e.Column}: {e.Message}" : e.ToString()).ToList();
        }
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
