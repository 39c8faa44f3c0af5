using ClusterSim.Model.Hardware;
using ClusterSim.Model.Performance;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Tests.Performance;

/// <summary>Predictors are picked by name: built-ins, registered names, and user types found by their type name.</summary>
public sealed class ExecutionModelCatalogTests
{
    private static readonly ExecutionModelContext Context = new()
    {
        Deployment = new Deployment { Model = ReferenceModels.Llama31_8B, Accelerator = ReferenceAccelerators.H100Sxm },
        Efficiency = new EfficiencyParams { ComputeEfficiency = 0.5, MemoryEfficiency = 0.8 },
        Options = new Dictionary<string, string> { ["ms_per_token"] = "2.5" },
    };

    [Fact]
    public void A_custom_predictor_named_by_its_type_is_created_and_its_prediction_used()
    {
        var model = ExecutionModels.Create("ClusterSim.Model.Tests.Performance.ConstantPredictor", Context);

        var cost = model.Predict(IterationShape.Decode(4, 100));

        Assert.IsType<ConstantPredictor>(model);
        Assert.Equal(4 * 2.5e-3, cost.Seconds, 1e-15); // the scenario's option reached it, and its answer came back
        Assert.Same(Context.Deployment, ((ConstantPredictor)model).Deployment);
    }

    [Fact]
    public void A_custom_predictor_named_by_its_assembly_qualified_name_is_found_too()
    {
        var model = ExecutionModels.Create(typeof(ConstantPredictor).AssemblyQualifiedName!, Context);
        Assert.IsType<ConstantPredictor>(model);
    }

    [Fact]
    public void A_registered_name_creates_the_registered_predictor()
    {
        ExecutionModels.Register("test-constant", context => new ConstantPredictor(context));

        var model = ExecutionModels.Create("test-constant", Context);

        Assert.Contains("test-constant", ExecutionModels.Names);
        Assert.Equal(10 * 2.5e-3, model.Predict(IterationShape.Prefill(1, 10)).Seconds, 1e-15);
    }

    [Fact]
    public void Built_in_names_give_the_built_in_predictors()
    {
        Assert.Equal("roofline", ExecutionModels.Create("roofline", Context).Name);
        Assert.Equal("roofline", ExecutionModels.Create("Roofline", Context).Name);
        Assert.Throws<ArgumentException>(() => ExecutionModels.Register("roofline", c => new ConstantPredictor(c)));
    }

    [Fact]
    public void A_mistyped_name_says_what_was_expected_and_suggests_the_nearest()
    {
        var ok = ExecutionModels.TryCreate("rooflin", Context, out var model, out var error);

        Assert.False(ok);
        Assert.Null(model);
        Assert.Contains("unknown execution model 'rooflin'", error);
        Assert.Contains("roofline, profile", error);
        Assert.Contains("did you mean 'roofline'?", error);
    }

    [Fact]
    public void A_type_that_is_not_a_predictor_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ExecutionModels.Create("System.String", Context));
        Assert.Contains("does not implement", error.Message);
    }

    [Fact]
    public void Precision_names_parse_and_typos_get_a_suggestion()
    {
        Assert.Equal(Precision.Bf16, Precisions.Parse("BF16"));
        var error = Assert.Throws<FormatException>(() => Precisions.Parse("fp6"));
        Assert.Contains("did you mean", error.Message);
    }
}
