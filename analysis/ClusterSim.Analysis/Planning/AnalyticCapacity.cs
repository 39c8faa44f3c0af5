using System.Globalization;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Setup;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// An upper bound on the requests per second a class can be served at. A text class's, from the compute roof alone: every
/// replica that may serve the class at its accelerators' peak FLOP/s, each request costing 2 x active parameters
/// FLOPs per token of prompt and output. Attention FLOPs, memory bandwidth, efficiency below 1 and the other
/// classes sharing the replicas are all left out, each of which only lowers the true capacity, so an offered load
/// far above the bound cannot be met and need not be simulated. A video or image class's alike, from its kind's
/// denoising FLOPs (<see cref="KindBound"/>); an avatar class has none.
/// </summary>
public static class AnalyticCapacity
{
    /// <summary>
    /// How far above the bound the planner calls a load infeasible without simulating. The bound is already
    /// optimistic; the factor keeps a margin against anything it might still miss (an accelerator's listed peak
    /// below what a kernel reaches, a scenario the planner resizes in a way the bound does not follow).
    /// </summary>
    public const double InfeasibleFactor = 2;

    /// <summary>The bound, with how it was reached; null when it cannot be computed (a trace gives the sizes, an empirical size, a model without an architecture).</summary>
    /// <param name="planned">The deployment the planner resizes, at <paramref name="replicas"/> replicas on <paramref name="accelerator"/>; other deployments keep theirs.</param>
    public static (double RequestsPerSecond, string How)? Bound(Scenario scenario, string className, DeploymentSpec planned, AcceleratorSpec accelerator, int replicas)
    {
        if (scenario.Workloads.FirstOrDefault(w => w.Name == className) is not TextWorkloadSpec w
            || w.PromptTokens?.Mean is not { } prompt || w.OutputTokens?.Mean is not { } output
            || scenario.Model(w.Model) is not LlmModelSpec model)
        {
            return null;
        }

        var flopsPerRequest = 2 * model.ActiveParamsB * 1e9 * (prompt + output);
        var serving = scenario.Deployments.Where(d => w.Deployments.Count > 0 ? w.Deployments.Contains(d.Name) : d.Model == w.Model);
        var flops = 0.0;
        foreach (var d in serving)
        {
            var a = d.Name == planned.Name ? accelerator : scenario.Accelerator(scenario.NodeGroup(d.Nodes).Accelerator);
            var n = d.Name == planned.Name ? replicas : d.Replicas;
            flops += (double)n * d.Tp * d.Pp * Peak(a, model.WeightPrecision);
        }

        var bound = flops / flopsPerRequest;
        var inv = CultureInfo.InvariantCulture;
        var how = string.Create(inv,
            $"{replicas} replica(s) of tp {planned.Tp} x pp {planned.Pp} on {accelerator.Key} at {Peak(accelerator, model.WeightPrecision) / 1e12:G4} TFLOP/s peak"
            + $"{(flops > replicas * (double)planned.Tp * planned.Pp * Peak(accelerator, model.WeightPrecision) ? " plus the other deployments serving the class" : "")}"
            + $", {prompt + output:G4} tokens a request at 2 x {model.ActiveParamsB:G4} B FLOPs a token");
        return (bound, how);
    }

    /// <summary>
    /// The bound of a class of another kind (video, image), from the scenario as the planner resized it: compiled, then
    /// asked of the kind (<see cref="IComputeBoundedKind"/>: its pools' dense peak over a request's denoising FLOPs); null
    /// when the scenario does not compile or the kind gives none (an avatar's sessions).
    /// </summary>
    public static (double RequestsPerSecond, string How)? KindBound(Scenario resized, string className)
    {
        try
        {
            var kinds = ScenarioCompiler.Compile(resized).Setup.Kinds;
            foreach (var kind in kinds)
            {
                if (kind is IComputeBoundedKind bounded && bounded.ComputeBound(className) is { } b)
                {
                    return (b.RequestsPerSecond, b.How);
                }
            }
        }
        catch (Exception ex) when (ex is ScenarioException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // The runs report it in their own words.
        }

        return null;
    }

    /// <summary>
    /// Peak at the weights' precision; when the accelerator lists none for it, its highest peak (the bound stays an
    /// upper bound, only looser).
    /// </summary>
    private static double Peak(AcceleratorSpec a, Precision precision)
        => a.PeakFlops(precision) ?? (a.Tflops.Count > 0 ? a.Tflops.Values.Max() * 1e12 : double.PositiveInfinity);

    /// <summary>The note of a load the bound rules out, naming both figures; null when it does not.</summary>
    public static string? Infeasible(double targetRate, (double RequestsPerSecond, string How)? bound)
    {
        if (bound is not { } b || !(targetRate > InfeasibleFactor * b.RequestsPerSecond))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"not simulated: the target {targetRate:G4} requests/s is more than {InfeasibleFactor:G}x the compute-bound capacity of {b.RequestsPerSecond:G4} requests/s ({b.How})");
    }
}
