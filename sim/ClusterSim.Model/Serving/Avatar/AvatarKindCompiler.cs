using System.Globalization;
using ClusterSim.Model.Serving.Kinds;
using ClusterSim.Model.Setup.Kinds;
using ClusterSim.Scenarios;

namespace ClusterSim.Model.Serving.Avatar;

/// <summary>Compiles a scenario's avatar deployments into pools (achieved FLOP/s per replica) and its avatar workloads into classes.</summary>
internal sealed class AvatarKindCompiler : IKindCompiler
{
    public string WorkloadKind => AvatarKindSetup.KindName;

    public string ModelKind => "avatar";

    public IKindBuilder Begin(KindCompileContext context) => new Builder(context);

    private sealed class Builder(KindCompileContext ctx)
        : KindBuilder<AvatarClassSetup, AvatarPoolSetup>((classes, pools) => new AvatarKindSetup(classes, pools))
    {
        public override void AddPool(DeploymentSpec d)
        {
            var model = (AvatarModelSpec)ctx.Scenario.Model(d.Model);
            var (accelerator, nodes, eff) = ctx.Placement(d);
            var hw = ctx.ToAccelerator(accelerator, nodes);
            var wanted = model.WeightPrecision;
            var compute = hw.ResolveCompute(wanted)
                ?? throw new NotSupportedException($"deployment '{d.Name}': {accelerator.Key} lists no precision to run {model.WeightPrecision} at");
            var flops = hw.PeakFlops(compute) * eff.ComputeEfficiency;
            var admission = d.Policies.Admission.Name == "none" ? AvatarAdmission.Admit : AvatarAdmission.Reject;
            var frameMs = model.GflopsPerFrame * 1e9 / flops * 1e3;
            ctx.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"deployment '{d.Name}': a {model.Resolution} frame takes {frameMs:F2} ms on {accelerator.Key} ({flops / 1e12:F0} TFLOP/s achieved), so a replica has capacity for {1000 / frameMs:F1} frames/s; sessions are {(admission == AvatarAdmission.Reject ? $"rejected beyond that (admission '{d.Policies.Admission.Name}' applied as capacity control)" : "all admitted (admission 'none'): frames miss beyond it")}"));
            Pools.Add(new AvatarPoolSetup(d.Name, d.Replicas, flops)
            {
                Admission = admission,
                Scheduling = ctx.Scheduling(d),
                Accelerators = d.Tp * d.Pp,
                RentUsdPerAcceleratorHour = accelerator.RentUsdPerHour ?? 0,
            });
        }

        public override void AddClass(WorkloadSpec workload)
        {
            var w = (AvatarWorkloadSpec)workload;
            var model = (AvatarModelSpec)ctx.Scenario.Model(w.Model);
            var endNs = ctx.EndNs;
            var pixels = (double)w.Resolution.Pixels / model.Resolution.Pixels;
            if (w.Slo.FrameDeadlineSeconds is null)
            {
                ctx.Notes.Add($"workload '{w.Name}': no frame_deadline, so each frame is due one frame period (1/{w.Fps} s) after its release");
            }

            var lengthMs = ctx.Size(w.SessionLength, 1000);
            Classes.Add(new AvatarClassSetup(w.Name,
                sim => new SyntheticAvatarSource(ctx.Arrivals(w.Arrival, w.Name), lengthMs, sim.Random["arrivals/" + w.Name], sim.Random["sizes/" + w.Name], endNs),
                w.Fps, model.GflopsPerFrame * 1e9 * pixels, w.Slo.FrameDeadlineSeconds, w.Slo.StartupSeconds, w.Slo.Percentile, w.Priority)
            {
                Pools = w.Deployments,
                Weight = ctx.FairWeight(w),
            });
        }
    }
}
