using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using ClusterSim.Model.Hardware;

namespace ClusterSim.Model.Performance;

/// <summary>
/// Fits the efficiency factors of the roofline predictor to measured iterations by least squares on the log of
/// predicted / measured time (relative errors, so a 50 ms decode step weighs as much as a 5 s prefill), with the
/// Nelder-Mead simplex of MathNet.Numerics. Factors are searched through maps that keep them in range:
/// efficiency = 1 / (1 + x^2) in (0, 1], times and latencies = x^2 >= 0.
/// </summary>
public static class Calibrator
{
    private const double OverheadUnit = 1e-3;    // seconds per unit of x^2 for overheads: x ~ 1 means about 1 ms
    private const double LatencyUnit = 1e-6;     // seconds per unit of x^2 for the collective step: about 1 us
    private const double SaturationUnit = 100.0; // tokens per unit of x^2

    /// <summary>
    /// Fits compute and memory efficiency, the three overheads and the collective step latency (and the compute
    /// saturation constant when <paramref name="fitSaturation"/>) to <paramref name="measurements"/>. The
    /// accelerator, stack and link efficiency come from <paramref name="template"/>, and its other values are
    /// the starting point. Rows faster than the physical bound are left out and reported.
    /// </summary>
    public static CalibrationResult Fit(IReadOnlyList<MeasuredIteration> measurements, EfficiencyParams template, bool fitSaturation = false)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        template.Validate();
        var usable = new List<MeasuredIteration>();
        var rejected = new List<MeasuredIteration>();
        foreach (var measurement in measurements)
        {
            (measurement.Seconds >= PhysicalBoundSeconds(measurement.Deployment, measurement.Shape) ? usable : rejected).Add(measurement);
        }

        if (usable.Count == 0)
        {
            throw new ArgumentException("no measurement to calibrate against (all were empty or faster than the physical bound)");
        }

        var groups = usable.GroupBy(m => m.Deployment).Select(g => (Deployment: g.Key, Rows: g.ToArray())).ToArray();
        double Loss(Vector<double> x)
        {
            var parameters = FromSearch(x, template, fitSaturation);
            var sum = 0.0;
            foreach (var (deployment, rows) in groups)
            {
                var model = new RooflineExecutionModel(new ExecutionModelContext { Deployment = deployment, Efficiency = parameters });
                foreach (var row in rows)
                {
                    var error = Math.Log(model.Predict(row.Shape).Seconds / row.Seconds);
                    sum += error * error;
                }
            }

            return sum;
        }

        var objective = ObjectiveFunction.Value(Loss);
        var solver = new NelderMeadSimplex(1e-10, 20000);
        var dimensions = fitSaturation ? 7 : 6;
        var step = Vector<double>.Build.Dense(dimensions, 0.5);

        // A few deterministic starts around plausible values, then restarts from the best point (a simplex can
        // stall on a ridge; restarting resets its shape).
        var starts = new[]
        {
            ToSearch(template, fitSaturation),
            ToSearch(template with { ComputeEfficiency = 0.3, MemoryEfficiency = 0.5, IterationOverheadSeconds = 0.02, SequenceOverheadSeconds = 3e-4, PrefillOverheadSeconds = 0.01, CollectiveStepLatencySeconds = 5e-6 }, fitSaturation),
            ToSearch(template with { ComputeEfficiency = 0.7, MemoryEfficiency = 0.9, IterationOverheadSeconds = 0.005, SequenceOverheadSeconds = 1e-5, PrefillOverheadSeconds = 0.001, CollectiveStepLatencySeconds = 2e-6, ComputeSaturationTokens = 200 }, fitSaturation),
        };
        Vector<double>? best = null;
        var bestLoss = double.PositiveInfinity;
        foreach (var start in starts)
        {
            var point = start;
            for (var round = 0; round < 3; round++)
            {
                var result = solver.FindMinimum(objective, point, step);
                point = result.MinimizingPoint;
            }

            var loss = Loss(point);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = point;
            }
        }

        var fitted = Snap(FromSearch(best!, template, fitSaturation));
        return new CalibrationResult(fitted, Evaluate(usable, fitted), usable.Count, rejected, bestLoss);
    }

    /// <summary>Errors of the roofline predictor with <paramref name="parameters"/> on <paramref name="measurements"/>.</summary>
    public static FitErrors Evaluate(IEnumerable<MeasuredIteration> measurements, EfficiencyParams parameters)
    {
        var models = new Dictionary<Deployment, IExecutionModel>();
        var points = new List<(bool, double, double)>();
        foreach (var row in measurements)
        {
            if (!models.TryGetValue(row.Deployment, out var model))
            {
                models[row.Deployment] = model = new RooflineExecutionModel(
                    new ExecutionModelContext { Deployment = row.Deployment, Efficiency = parameters });
            }

            points.Add((row.IsPrefill, model.Predict(row.Shape).Seconds, row.Seconds));
        }

        return FitErrors.From(points);
    }

    /// <summary>
    /// The fastest the iteration could physically run on one accelerator of the deployment: all its FLOPs at peak,
    /// all its bytes at peak bandwidth, nothing else.
    /// </summary>
    public static double PhysicalBoundSeconds(Deployment deployment, in IterationShape shape)
        => new WorkModel(deployment).PhysicalBoundSeconds(shape);

    /// <summary>
    /// Fits a ring all-reduce model, t = 2(p - 1) x step latency + 2(p - 1)/p x bytes / (link one way x efficiency),
    /// to measured single-node all-reduces of 1 MiB and more, by linear least squares over all group sizes.
    /// </summary>
    public static (double StepLatencySeconds, double LinkEfficiency, double MedianError, int Points) FitCollectives(
        CollectiveCostTable table, AcceleratorSpec accelerator)
    {
        var link = accelerator.IntraNodeLink ?? throw new ArgumentException($"accelerator '{accelerator.Key}' has no intra-node link");
        var x = new List<double[]>();
        var y = new List<double>();
        foreach (var (workers, perNode) in table.AllReduceGroups.OrderBy(g => g))
        {
            if (workers != perNode || workers < 2)
            {
                continue;
            }

            foreach (var (bytes, seconds) in table.AllReducePoints(workers, perNode))
            {
                if (bytes < 1 << 20)
                {
                    continue;
                }

                x.Add([2.0 * (workers - 1), 2.0 * (workers - 1) / workers * bytes / link.BytesPerSecondEachWay]);
                y.Add(seconds);
            }
        }

        if (y.Count < 2)
        {
            throw new ArgumentException("too few single-node all-reduce measurements of 1 MiB or more to fit");
        }

        var p = MathNet.Numerics.Fit.MultiDim(x.ToArray(), y.ToArray(), intercept: false);
        var latency = Math.Max(0, p[0]);
        var efficiency = Math.Min(1.0, 1.0 / p[1]);
        var errors = x.Select((row, i) => Math.Abs((latency * row[0] + row[1] / efficiency) / y[i] - 1)).Order().ToArray();
        return (latency, efficiency, errors[errors.Length / 2], y.Count);
    }

    // The search reaches 0 only asymptotically; below a nanosecond (or a token) a term is zero, so say so.
    private static EfficiencyParams Snap(EfficiencyParams p) => p with
    {
        IterationOverheadSeconds = p.IterationOverheadSeconds < 1e-9 ? 0 : p.IterationOverheadSeconds,
        SequenceOverheadSeconds = p.SequenceOverheadSeconds < 1e-9 ? 0 : p.SequenceOverheadSeconds,
        PrefillOverheadSeconds = p.PrefillOverheadSeconds < 1e-9 ? 0 : p.PrefillOverheadSeconds,
        CollectiveStepLatencySeconds = p.CollectiveStepLatencySeconds < 1e-12 ? 0 : p.CollectiveStepLatencySeconds,
        ComputeSaturationTokens = p.ComputeSaturationTokens < 1e-3 ? 0 : p.ComputeSaturationTokens,
    };

    private static Vector<double> ToSearch(EfficiencyParams p, bool fitSaturation)
    {
        var values = new List<double>
        {
            Math.Sqrt(1.0 / p.ComputeEfficiency - 1.0),
            Math.Sqrt(1.0 / p.MemoryEfficiency - 1.0),
            Math.Sqrt(p.IterationOverheadSeconds / OverheadUnit),
            Math.Sqrt(p.SequenceOverheadSeconds / OverheadUnit),
            Math.Sqrt(p.PrefillOverheadSeconds / OverheadUnit),
            Math.Sqrt(p.CollectiveStepLatencySeconds / LatencyUnit),
        };
        if (fitSaturation)
        {
            values.Add(Math.Sqrt(p.ComputeSaturationTokens / SaturationUnit));
        }

        return Vector<double>.Build.DenseOfEnumerable(values);
    }

    private static EfficiencyParams FromSearch(Vector<double> x, EfficiencyParams template, bool fitSaturation) => template with
    {
        ComputeEfficiency = 1.0 / (1.0 + x[0] * x[0]),
        MemoryEfficiency = 1.0 / (1.0 + x[1] * x[1]),
        IterationOverheadSeconds = x[2] * x[2] * OverheadUnit,
        SequenceOverheadSeconds = x[3] * x[3] * OverheadUnit,
        PrefillOverheadSeconds = x[4] * x[4] * OverheadUnit,
        CollectiveStepLatencySeconds = x[5] * x[5] * LatencyUnit,
        ComputeSaturationTokens = fitSaturation ? x[6] * x[6] * SaturationUnit : template.ComputeSaturationTokens,
    };
}
