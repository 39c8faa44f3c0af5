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
            ctx.NoAutoscaling(d, "avatar");
            var (accelerator, nodes, eff) = ctx.Placement(d);
            ctx.StepScaleNotApplied(d);
            var hw = ctx.ToAccelerator(accelerator, nodes);
            var wanted = model.WeightPrecision;
            var compute = hw.ResolveCompute(wanted)
                ?? throw new NotSupportedException($"deployment '{d.Name}': {accelerator.Key} lists no precision to run {model.WeightPrecision} at");
            var flops = hw.PeakFlops(compute) * eff.ComputeEfficiency;
            var admission = d.Policies.Admission.Name == "none" ? AvatarAdmission.Admit : AvatarAdmission.Reject;

            // The GPU stage: a batch reads the weights once (at the stack's achieved bandwidth) and does
            // every frame's FLOPs; the longer of the two, plus the model's fixed time per batch.
            var weightBytes = model.ParamsB * 1e9 * compute.StoredBytes();
            var pool = new AvatarPoolSetup(d.Name, d.Replicas, flops)
            {
                Admission = admission,
                Scheduling = ctx.Scheduling(d),
                Accelerators = d.Tp * d.Pp,
                RentUsdPerAcceleratorHour = accelerator.RentUsdPerHour ?? 0,
                BatchSize = model.BatchSize,
                BatchOverheadSeconds = model.BatchOverheadSeconds,
                WeightReadSeconds = weightBytes / (hw.HbmBandwidthGbs * 1e9 * eff.MemoryEfficiency),
                HostCores = nodes.HostCores,
                ReplicasPerNode = Math.Max(1, nodes.PerNode / (d.Tp * d.Pp)),
            };
            var inv = CultureInfo.InvariantCulture;
            var frameFlops = model.GflopsPerFrame * 1e9;
            var one = pool.BatchSeconds(frameFlops) * 1e3;
            var full = pool.BatchSeconds(pool.BatchSize * frameFlops) * 1e3;
            ctx.Notes.Add(string.Create(inv,
                $"deployment '{d.Name}': GPU stage on {accelerator.Key} ({flops / 1e12:F0} TFLOP/s achieved, weights read in {pool.WeightReadSeconds * 1e3:F2} ms, {model.BatchOverheadSeconds * 1e3:F2} ms fixed per batch): a {model.Resolution} frame alone takes {one:F2} ms, a batch of {pool.BatchSize} {full:F2} ms, so a replica's GPU does up to {pool.BatchSize / full * 1e3:F1} frames/s at full batches"));
            var cpuMs = model.CpuSecondsPerFrame * 1e3;
            ctx.Notes.Add(model.CpuSecondsPerFrame == 0
                ? $"deployment '{d.Name}': model '{model.Key}' gives no cpu_per_frame: frames have no CPU stage (paste-back, encoding)"
                : nodes.HostCores is { } cores
                    ? string.Create(inv, $"deployment '{d.Name}': CPU stage {cpuMs:F1} core-ms per {model.OutputResolution} output frame on node group '{nodes.Name}''s {cores} host cores, shared by {pool.ReplicasPerNode} replicas a node: up to {cores / (double)pool.ReplicasPerNode / model.CpuSecondsPerFrame:F0} frames/s a replica at that size")
                    : string.Create(inv, $"deployment '{d.Name}': node group '{nodes.Name}' gives no host_cores, so the CPU stage ({cpuMs:F1} core-ms per {model.OutputResolution} output frame) adds its time to every frame but never queues: set host_cores to make the host a limit"));
            ctx.Notes.Add($"deployment '{d.Name}': sessions are {(admission == AvatarAdmission.Reject ? $"rejected beyond the slower stage's capacity (admission '{d.Policies.Admission.Name}' applied as capacity control)" : "all admitted (admission 'none'): frames miss beyond the slower stage's capacity")}");
            Pools.Add(pool);
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
            var setup = new AvatarClassSetup(w.Name,
                sim => new SyntheticAvatarSource(ctx.Arrivals(w.Arrival, w.Name), lengthMs, sim.Random["arrivals/" + w.Name], sim.Random["sizes/" + w.Name], endNs),
                w.Fps, model.GflopsPerFrame * 1e9 * pixels, w.Slo.FrameDeadlineSeconds, w.Slo.StartupSeconds, w.Slo.Percentile, w.Priority)
            {
                // Paste-back and encoding touch every pixel of the output frame: linear in its pixels.
                CpuSecondsPerFrame = model.CpuSecondsPerFrame * w.OutputResolution.Pixels / model.OutputResolution.Pixels,
                Pools = w.Deployments,
                Weight = ctx.FairWeight(w),
            };
            Classes.Add(setup);

            // Pools are compiled before classes: say what batch each pool's frames of this class may join, and
            // when even a frame alone cannot make the deadline (every frame would miss), say that rather than let it show only as misses.
            var inv = CultureInfo.InvariantCulture;
            foreach (var pool in Pools.Where(p => w.Deployments.Count == 0 || w.Deployments.Contains(p.Name)))
            {
                var alone = AvatarService.FrameNs(setup, pool) + AvatarService.CpuNs(setup);
                var deadline = setup.EffectiveFrameDeadlineSeconds * 1e9;
                ctx.Notes.Add(alone > deadline
                    ? string.Create(inv, $"workload '{w.Name}': on deployment '{pool.Name}' a frame alone takes {alone / 1e6:F1} ms (GPU and CPU stages), more than its {deadline / 1e6:F1} ms frame deadline: every frame will miss")
                    : string.Create(inv, $"workload '{w.Name}': on deployment '{pool.Name}' its frames join GPU batches of at most {AvatarService.BatchCap(setup, pool)} (2 batch times + {setup.CpuSecondsPerFrame * 1e3:F1} ms CPU within its {deadline / 1e6:F1} ms deadline), so a replica carries {AvatarService.Capacity(setup, pool)} of its sessions"));
            }
        }
    }
}
