using static ClusterSim.Scenarios.Schema.Build;

namespace ClusterSim.Scenarios.Schema;

/// <summary>The two catalog files: the scenario's accelerator and model fields, with name, source and confidence required.</summary>
internal static class CatalogSchema
{
    public static readonly ObjectShape Accelerators = Obj(
        R("accelerators", Map(ScenarioSchema.Accelerator(catalog: true), "accelerator", min: 1), "Accelerators by key."));

    public static readonly ObjectShape Models = Obj(
        R("models", Map(ScenarioSchema.Model(catalog: true), "model", min: 1), "Models by key."));
}
