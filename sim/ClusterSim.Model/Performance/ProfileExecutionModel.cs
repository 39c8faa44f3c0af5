using static ClusterSim.Scenarios.PrecisionInfo;
using Precision = ClusterSim.Scenarios.Precision;

namespace ClusterSim.Model.Performance;

/// <summary>
/// A predictor that interpolates measured iteration times (a Splitwise-format profile) for one model, hardware and
/// tensor-parallel degree. Splitwise measured prompts at batch 1 and batches at one prompt length, not the full
/// grid, so the table is read as separable: t(prompt, batch) = t(prompt, 1) x t(p0, batch) / t(p0, 1), with p0 the
/// prompt length the batch sweep used; likewise for decode steps over context length. Interpolation is linear in
/// log-log space and extrapolates with the end segments' slopes (never decreasing). An iteration mixing prefill
/// and decode costs the sum of both (the profile has no mixed batches; the sum counts fixed overhead twice, an
/// upper estimate). No prediction falls below the physical bound of the deployment.
/// </summary>
internal sealed class ProfileExecutionModel : IExecutionModel
{
    private readonly WorkModel _work;
    private readonly Curve _prefillByPrompt;
    private readonly Curve _prefillByBatch;
    private readonly Curve _decodeByContext;
    private readonly Curve _decodeByBatch;
    private readonly double _prefillAtBatchOne;
    private readonly double _decodeAtBatchOne;

    public ProfileExecutionModel(ExecutionModelContext context)
    {
        var deployment = context.Deployment;
        var profile = context.Profile ?? throw new ArgumentException(
            "the profile predictor needs a measured profile (e.g. scenarios/profiles/splitwise_perf_model.csv); none was given");
        if (deployment.PipelineParallel != 1)
        {
            throw new ArgumentException("the profile predictor has no pipeline-parallel measurements; use pipeline_parallel 1 or the roofline predictor");
        }

        _work = new WorkModel(deployment);
        var modelName = context.ProfileModel ?? deployment.Model.Key;
        var hardwareName = context.ProfileHardware ?? deployment.Accelerator.Key;
        var rows = profile.Select(modelName, hardwareName, deployment.TensorParallel);
        if (rows.Count == 0)
        {
            var available = profile.Combinations();
            var hint = Hardware.NameMatch.Nearest(
                $"{modelName}/{hardwareName}/tp{deployment.TensorParallel}",
                available.Select(c => $"{c.Model}/{c.Hardware}/tp{c.TensorParallel}"));
            throw new ArgumentException(
                $"{profile.Source}: no rows for model '{modelName}', hardware '{hardwareName}', tensor_parallel {deployment.TensorParallel}; " +
                $"it holds {string.Join(", ", available.Select(c => $"{c.Model}/{c.Hardware}/tp{c.TensorParallel}"))}" +
                (hint is null ? "" : $"; did you mean '{hint}'?"));
        }

        // A measurement faster than all FLOPs at peak and all bytes at peak bandwidth is impossible: a broken row.
        var usable = new List<SplitwiseRow>();
        var rejected = new List<int>();
        foreach (var row in rows)
        {
            if (row.PromptTimeMs * 1e-3 < PhysicalBound(row.PrefillShape) || row.TokenTimeMs * 1e-3 < PhysicalBound(row.MeanDecodeShape))
            {
                rejected.Add(row.Line);
            }
            else
            {
                usable.Add(row);
            }
        }

        var notes = new List<string>(_work.Notes)
        {
            $"profile: {usable.Count} rows of {modelName} on {hardwareName} at tensor_parallel {deployment.TensorParallel} from {profile.Source}",
        };
        if (deployment.WeightPrecision is not (Precision.Fp16 or Precision.Bf16))
        {
            notes.Add($"profile: timings were measured with 16-bit weights; this deployment's {deployment.WeightPrecision.Key()} weights do not change them");
        }

        if (rejected.Count > 0)
        {
            notes.Add($"profile: ignored {rejected.Count} rows faster than the physical bound (lines {string.Join(", ", rejected)})");
        }

        var sweepPrompt = usable.Where(r => r.BatchSize > 1).GroupBy(r => r.PromptSize).OrderByDescending(g => g.Count())
            .Select(g => (int?)g.Key).FirstOrDefault() ?? usable.GroupBy(r => r.PromptSize).OrderByDescending(g => g.Count()).First().Key;
        var sweepTokens = usable.Where(r => r.PromptSize == sweepPrompt).GroupBy(r => r.TokenSize).OrderByDescending(g => g.Count()).First().Key;

        var batchOne = usable.Where(r => r.BatchSize == 1).ToList();
        if (batchOne.Count == 0)
        {
            throw new ArgumentException($"{profile.Source}: the profile has no batch-1 rows for {modelName}/{hardwareName}/tp{deployment.TensorParallel}");
        }

        // Prefill does not depend on how many tokens follow: take the prompt sweep at the batch sweep's token count,
        // so both sweeps share their (p0, batch 1) point and the separable product reproduces every measured point.
        var prefillPrompts = batchOne.Where(r => r.TokenSize == sweepTokens).ToList();
        _prefillByPrompt = Curve.From((prefillPrompts.Count > 0 ? prefillPrompts : batchOne)
            .Select(r => ((double)r.PromptSize, r.PromptTimeMs * 1e-3)));
        _decodeByContext = Curve.From(batchOne.Select(r => ((double)r.MeanDecodeShape.DecodeContextTokens, r.TokenTimeMs * 1e-3)));
        var sweep = usable.Where(r => r.PromptSize == sweepPrompt && r.TokenSize == sweepTokens).ToList();
        _prefillByBatch = Curve.From(sweep.Select(r => ((double)r.BatchSize, r.PromptTimeMs * 1e-3)));
        _decodeByBatch = Curve.From(sweep.Select(r => ((double)r.BatchSize, r.TokenTimeMs * 1e-3)));
        _prefillAtBatchOne = _prefillByBatch.At(1);
        _decodeAtBatchOne = _decodeByBatch.At(1);
        Notes = notes;
    }

    public string Name => ExecutionModels.ProfileName;

    public IReadOnlyList<string> Notes { get; }

    public IterationCost Predict(in IterationShape shape)
    {
        if (shape.Tokens <= 0)
        {
            return default;
        }

        var seconds = 0.0;
        if (shape.PrefillSequences > 0)
        {
            var meanPrompt = (double)shape.PrefillTokens / shape.PrefillSequences;
            seconds += _prefillByPrompt.At(meanPrompt) * _prefillByBatch.At(shape.PrefillSequences) / _prefillAtBatchOne;
        }

        if (shape.DecodeSequences > 0)
        {
            var meanContext = (double)shape.DecodeContextTokens / shape.DecodeSequences;
            seconds += _decodeByContext.At(meanContext) * _decodeByBatch.At(shape.DecodeSequences) / _decodeAtBatchOne;
        }

        var flops = _work.Flops(shape);
        var bytes = _work.WeightBytesPerPass(shape.Tokens) + _work.StreamBytes(shape);
        var compute = flops / _work.PeakFlops;
        var memory = bytes / _work.BytesPerSecond;
        return new IterationCost
        {
            Seconds = Math.Max(seconds, Math.Max(compute, memory)),
            ComputeSeconds = compute,
            MemorySeconds = memory,
            FlopsPerDevice = flops,
            BytesPerDevice = bytes,
            StageSeconds = Math.Max(seconds, Math.Max(compute, memory)),
        };
    }

    private double PhysicalBound(in IterationShape shape) => _work.PhysicalBoundSeconds(shape);

    /// <summary>Measured (x, seconds) points, averaged per x, interpolated linearly in log-log space.</summary>
    private sealed class Curve
    {
        private readonly double[] _logX;
        private readonly double[] _logY;

        private Curve(double[] logX, double[] logY)
        {
            _logX = logX;
            _logY = logY;
        }

        public static Curve From(IEnumerable<(double X, double Seconds)> points)
        {
            var averaged = points.GroupBy(p => p.X).OrderBy(g => g.Key)
                .Select(g => (X: g.Key, Y: g.Average(p => p.Seconds))).ToArray();
            return new Curve(averaged.Select(p => Math.Log(p.X)).ToArray(), averaged.Select(p => Math.Log(p.Y)).ToArray());
        }

        public double At(double x)
        {
            var lx = Math.Log(Math.Max(x, 1e-9));
            var n = _logX.Length;
            if (n == 1)
            {
                return Math.Exp(_logY[0]);
            }

            int lo;
            if (lx <= _logX[0])
            {
                lo = 0;
            }
            else if (lx >= _logX[n - 1])
            {
                lo = n - 2;
            }
            else
            {
                var i = Array.BinarySearch(_logX, lx);
                if (i >= 0)
                {
                    return Math.Exp(_logY[i]);
                }

                lo = ~i - 1;
            }

            var slope = (_logY[lo + 1] - _logY[lo]) / (_logX[lo + 1] - _logX[lo]);
            var outside = lx < _logX[0] || lx > _logX[n - 1];
            if (outside && slope < 0)
            {
                // Beyond the measurements, more work never takes less time.
                slope = 0;
            }

            return Math.Exp(_logY[lo] + slope * (lx - _logX[lo]));
        }
    }
}
