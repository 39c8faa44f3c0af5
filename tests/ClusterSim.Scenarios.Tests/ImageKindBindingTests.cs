namespace ClusterSim.Scenarios.Tests;

/// <summary>The image kind binds through the kind registry: defaults from the catalog model, and its own located errors.</summary>
public sealed class ImageKindBindingTests
{
    private static string Yaml(string model, string workloadExtra) => $$"""
        workloads:
          pictures:
            kind: image
            model: {{model}}
            arrival: {kind: poisson, rate: 1}
        {{workloadExtra}}
        hardware:
          nodes:
            n: {count: 1, accelerator: h100-sxm, per_node: 8}
        deployments:
          d:
            model: {{model}}
            nodes: n
            replicas: 2
        run:
          duration: 60s
        """;

    [Fact]
    public void An_sdxl_workload_takes_the_models_size_steps_and_guidance_by_default()
    {
        var s = ScenarioLoader.Parse(Yaml("sdxl-base-1.0", ""), "s.yaml");
        var w = Assert.IsType<ImageWorkloadSpec>(Assert.Single(s.Workloads));
        Assert.Equal((new Resolution(1024, 1024), 30, 1, true), (w.Resolution, w.Steps, w.Images, w.Cfg));
        Assert.Equal("image", Assert.IsType<ImageModelSpec>(s.Model("sdxl-base-1.0")).Kind);
    }

    [Fact]
    public void Guidance_on_a_guidance_distilled_model_is_refused_where_it_is_written()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Yaml("flux.1-dev", "    cfg: on"), "s.yaml"));
        Assert.Equal("s.yaml:6:10: workloads.pictures.cfg: 'flux.1-dev' is guidance-distilled (one pass per step, guidance as an input): classifier-free guidance does not apply; leave 'cfg' out",
            Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void A_size_that_is_not_whole_latent_tokens_is_refused()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Yaml("flux.1-dev", "    resolution: [1000, 1024]"), "s.yaml"));
        Assert.Equal("s.yaml:6:17: workloads.pictures.resolution: 1000x1024 does not split into whole latent tokens of 'flux.1-dev': width and height must be multiples of 16 (VAE downsampling x patch)",
            Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void An_image_model_on_more_than_one_accelerator_is_refused()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Yaml("sdxl-base-1.0", "").Replace("    replicas: 2", "    tp: 2"), "s.yaml"));
        Assert.Contains("'sdxl-base-1.0' is an image model, which runs on one accelerator per replica", Assert.Single(e.Errors).Message);
    }
}
