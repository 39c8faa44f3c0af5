using ClusterSim.Model.Serving.Cluster;
using ClusterSim.Model.Performance;
using ClusterSim.Model.Serving.Scheduling;
using ClusterSim.Model.Workloads.Arrivals;
using ClusterSim.Model.Workloads.Sizes;
using ClusterSim.Scenarios;
using HW = ClusterSim.Model.Hardware;
using Sc = ClusterSim.Scenarios;

namespace ClusterSim.Model.Setup.Kinds;

/// <summary>
/// What a kind's compiler shares with the rest of the compilation: the scenario, the run's notes and end,
/// and the conversions every kind uses (placement with its efficiency entry, scheduling, arrivals, sizes).
/// </summary>
public sealed class KindCompileContext
{
    private readonly EfficiencyCatalog _efficiency;

    internal KindCompileContext(Scenario scenario, EfficiencyCatalog efficiency, List<string> notes, long endNs)
    {
        Scenario = scenario;
        _efficiency = efficiency;
        Notes = notes;
        EndNs = endNs;
    }

    public Scenario Scenario { get; }

    /// <summary>The compilation's notes (summary.json and the report); a kind adds what it assumed.</summary>
    public List<string> Notes { get; }

    /// <summary>Arrivals stop at this simulated time (long.MaxValue: no end).</summary>
    public long EndNs { get; }

    /// <summary>The deployment's accelerator, node group and efficiency factors (noted), for kinds timed analytically.</summary>
    public (Sc.AcceleratorSpec Accelerator, NodeSpec Nodes, EfficiencyParams Efficiency) Placement(DeploymentSpec d)
        => ScenarioCompiler.Placement(Scenario, d, _efficiency, Notes);

    public HW.AcceleratorSpec ToAccelerator(Sc.AcceleratorSpec accelerator, NodeSpec nodes) => ScenarioCompiler.ToAccelerator(accelerator, nodes);

    /// <summary>
    /// The deployment's <c>execution_model.step_scale</c> (1 unless set), for a kind whose cost model multiplies every time
    /// it prices by it (video, image); noted where set, as a text pool's is.
    /// </summary>
    public double StepScale(DeploymentSpec d)
    {
        var scale = d.ExecutionModel.GetDouble(ScenarioCompiler.StepScaleParameter, 1);
        if (scale != 1)
        {
            Notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"deployment '{d.Name}': every step, encoding and decoding of this {Scenario.Model(d.Model).Kind} pool is multiplied by {scale:G6} (execution_model.{ScenarioCompiler.StepScaleParameter}): a what-if on the model's own error, not a prediction"));
        }

        return scale;
    }

    /// <summary>For a kind whose times <c>execution_model.step_scale</c> does not reach (avatar): says so where it was set.</summary>
    public void StepScaleNotApplied(DeploymentSpec d)
    {
        if (d.ExecutionModel.GetDouble(ScenarioCompiler.StepScaleParameter, 1) != 1)
        {
            Notes.Add($"deployment '{d.Name}': execution_model.{ScenarioCompiler.StepScaleParameter} scales LLM, video and image steps; this {Scenario.Model(d.Model).Kind} pool's times stand unscaled");
        }
    }

    /// <summary>
    /// A step kind's (video, image) batching from the deployment's policy: static and dynamic batch at the request level,
    /// as they do text (a free replica forms a batch when max_batch requests wait or the oldest has waited the timeout,
    /// static's timeout or dynamic's max_wait, and runs it to completion); any other policy lets same-shaped requests join
    /// between steps, up to <paramref name="continuousMaxBatch"/>.
    /// </summary>
    public (int MaxBatch, bool RequestLevel, long MaxWaitNs) StepBatching(DeploymentSpec d, int continuousMaxBatch)
    {
        var batching = d.Policies.Batching;
        return batching.Name switch
        {
            "static" => ((int)batching.GetDouble("max_batch", continuousMaxBatch), true, Engine.Core.SimTime.FromSeconds(batching.GetDouble("timeout", 0))),
            "dynamic" => ((int)batching.GetDouble("max_batch", continuousMaxBatch), true, Engine.Core.SimTime.FromSeconds(batching.GetDouble("max_wait", 0))),
            _ => (continuousMaxBatch, false, 0),
        };
    }

    /// <summary>How <see cref="StepBatching"/> batches, for the run's notes.</summary>
    public static string DescribeBatching(int maxBatch, bool requestLevel, long maxWaitNs) => requestLevel
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"batches of up to {maxBatch} formed when {maxBatch} wait or the oldest has waited {maxWaitNs / 1e9:G4} s, each run through all its steps with none joining (request-level)")
        : $"batches of up to {maxBatch}, same-shaped requests joining between steps (continuous)";

    /// <summary>The deployment's waiting-queue discipline.</summary>
    public SchedulingPolicy Scheduling(DeploymentSpec d) => ScenarioCompiler.Scheduling(d);

    public IArrivalProcess Arrivals(ArrivalSpec spec, string workload) => ScenarioCompiler.Arrivals(spec, workload);

    /// <param name="scale">Multiplies every value before rounding (seconds into frames or milliseconds); 1 for counts.</param>
    public ISizeDistribution Size(DistributionSpec spec, double scale = 1) => ScenarioCompiler.Size(spec, scale);

    /// <summary>A class's share under fair-sharing scheduling.</summary>
    public double FairWeight(WorkloadSpec w) => ScenarioCompiler.FairWeight(w);

    /// <summary>
    /// The deployment's autoscaling policy for a pool of <paramref name="kind"/> without a KV cache (video, image), or null
    /// for none; an error is located where the policy was written. <c>kv_occupancy</c> reads a KV cache: refused where the
    /// deployment names it, and where it comes from the scenario's policies (written for its text pools) the pool runs all
    /// its replicas and the notes say so.
    /// </summary>
    public AutoscalingSetup? Autoscaling(DeploymentSpec d, string kind)
    {
        var path = ScenarioCompiler.PolicyPath(Scenario, d, "autoscaling");
        var setup = ScenarioCompiler.At(path, () => FacilityCompiler.Autoscaling(d));
        if (setup?.Metric != AutoscalingMetric.KvOccupancy)
        {
            return setup;
        }

        NotApplied(d, path, $"deployment '{d.Name}': autoscaling metric kv_occupancy reads a KV cache, which a {kind} pool has none of", "use utilization or queue_length");
        return null;
    }

    /// <summary>
    /// For a kind whose pools do not scale (avatar): refused where the deployment names an autoscaling policy; one from the
    /// scenario's policies (written for its other pools) is not applied, and the notes say so.
    /// </summary>
    public void NoAutoscaling(DeploymentSpec d, string kind)
    {
        if (d.Policies.Autoscaling.Name == "none")
        {
            return;
        }

        NotApplied(d, ScenarioCompiler.PolicyPath(Scenario, d, "autoscaling"),
            $"deployment '{d.Name}': {kind} pools do not scale (their sessions hold a replica for their whole length)", "remove the autoscaling policy");
    }

    /// <summary>
    /// An autoscaling policy this pool cannot run: a located error where the deployment wrote it (<paramref name="path"/>
    /// under <c>deployments.</c>), else (the scenario's policy, written for its other pools) a note that the pool runs all
    /// its replicas.
    /// </summary>
    private void NotApplied(DeploymentSpec d, string path, string why, string fix)
    {
        if (path.StartsWith("deployments.", StringComparison.Ordinal))
        {
            throw ScenarioCompiler.Problem(path, new NotSupportedException($"{why}; {fix}"));
        }

        Notes.Add(why + $": the scenario's autoscaling policy is not applied to it, and all its {d.Replicas} replicas serve");
    }
}
