using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;
using ClusterSim.Model.Runs;

namespace ClusterSim.Model.Tests.Setup;

/// <summary>Every example scenario compiles and runs (cut to 300 simulated seconds) and conserves its requests.</summary>
public sealed class ExampleScenariosRunTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.File("scenarios"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        foreach (var file in Directory.GetFiles(RepoPaths.File("scenarios", "calibration"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine("calibration", Path.GetFileName(file)));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_scenario_compiles_runs_and_conserves_requests(string file)
    {
        var scenario = ScenarioLoader.Load(RepoPaths.File("scenarios", file));
        var compiled = ScenarioCompiler.Compile(scenario);
        var setup = compiled.Setup with { MaxTimeNs = SimTime.FromSeconds(300), MinEndNs = 0 };
        var result = ClusterRun.Execute(setup);
        Assert.True(result.SimulatedNs > 0);
        foreach (var c in result.Classes.Append(result.Overall))
        {
            Assert.Equal(c.Arrived, c.Completed + c.Dropped + c.InFlight);
        }

        Assert.True(result.Overall.Arrived + result.Video.Sum(v => v.Arrived) + result.Avatar.Sum(a => a.SessionsArrived) > 0,
            "an example should produce traffic within 300 s");
    }
}
