using ClusterSim.Model.Runs;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>A shipped scenario loaded with overrides, compiled and run: what every measured-row check does first.</summary>
internal static class ScenarioRuns
{
    /// <summary>A file of <c>scenarios/validation/</c> (rows no factor was fitted on).</summary>
    public static ServingResult Validation(string file, params string[] sets) => Run("validation", file, sets);

    /// <summary>A file of <c>scenarios/calibration/</c> (the rows the shipped fits were made on, and their checks).</summary>
    public static ServingResult Calibration(string file, params string[] sets) => Run("calibration", file, sets);

    private static ServingResult Run(string folder, string file, string[] sets)
        => ClusterRun.Execute(ScenarioCompiler.Compile(ScenarioLoader.Load(RepoPaths.File("scenarios", folder, file), sets)));
}
