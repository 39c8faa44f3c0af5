using ClusterSim.Analysis.Report;
using ClusterSim.Analysis.Summaries;
using ClusterSim.Engine.Core;
using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Tests.Report;

/// <summary>
/// Workload kinds other than text reach the report through their generic description: a section per
/// kind with one row per class, and every class with results is judged (issue 15: report.html said
/// "4 classes with SLOs not judged" for multimodal-priorities.yaml while summary.json had their results).
/// </summary>
public sealed class KindSectionsReportTests
{
    [Fact]
    public void A_multimodal_report_has_a_section_per_kind_with_every_class_and_judges_them_all()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
        {
            dir = dir.Parent;
        }

        var scenario = ScenarioLoader.Load(Path.Combine(dir!.FullName, "scenarios", "multimodal-priorities.yaml"), sets: ["run.duration=5m"]);
        var compiled = ScenarioCompiler.Compile(scenario);
        var result = ClusterSim.Model.Runs.ClusterRun.Execute(compiled);
        var html = HtmlReport.Write(result, scenario, [], compiled.Notes);
        var summary = SummaryJson.Write(result, includeWallClock: false);

        Assert.DoesNotContain("not judged", html);
        foreach (var kind in scenario.Workloads.Where(w => w.Kind != "text").GroupBy(w => w.Kind))
        {
            Assert.Contains($"<section id=\"kind-{kind.Key}\">", html);
            Assert.Contains($"\"{kind.Key}\": {{", summary);
            foreach (var w in kind)
            {
                Assert.Contains($"<td>{w.Name}</td>", html);
            }
        }
    }
}
