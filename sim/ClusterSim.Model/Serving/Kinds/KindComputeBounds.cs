using System.Globalization;

namespace ClusterSim.Model.Serving.Kinds;

/// <summary>The sum over a class's pools that <see cref="IComputeBoundedKind"/>'s kinds share.</summary>
internal static class KindComputeBounds
{
    /// <summary>
    /// Requests a second the pools <paramref name="allowed"/> names (null: every pool) serve at their accelerators' dense
    /// peak: replicas x accelerators x peak / (work of a request x the pool's step scale), summed; null when no pool
    /// serves the class or a request costs nothing. A pool whose times are scaled (<c>execution_model.step_scale</c>, a
    /// what-if) runs its work that much slower or faster than its peak allows, and its bound follows.
    /// </summary>
    /// <param name="pool">A pool's replicas, accelerators a replica, dense peak FLOP/s of one, FLOPs of one request there and its step scale.</param>
    /// <param name="work">What a request's FLOPs count, in words ("30 steps of 1 image at 1024x1024").</param>
    public static KindComputeBound? Of<TPool>(IReadOnlyList<string>? allowed, IEnumerable<TPool> pools, Func<TPool, string> name,
        Func<TPool, (int Replicas, int Accelerators, double PeakFlops, double RequestFlops, double TimeScale)> pool, string work)
    {
        var rate = 0.0;
        var parts = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        foreach (var p in pools)
        {
            if (allowed is not null && !allowed.Contains(name(p)))
            {
                continue;
            }

            var (replicas, accelerators, peak, flops, scale) = pool(p);
            if (!(flops > 0) || !double.IsFinite(peak) || !(scale > 0))
            {
                return null;
            }

            rate += replicas * (double)accelerators * peak / (flops * scale);
            parts.Add(string.Create(inv, $"pool '{name(p)}': {replicas} replica(s) of {accelerators} accelerator(s) at {peak / 1e12:G4} TFLOP/s peak, {Flop(flops)} a request{(scale != 1 ? $", every step x {scale:G4}" : "")}"));
        }

        return parts.Count == 0 ? null : new KindComputeBound(rate, $"{string.Join("; ", parts)} ({work}; encoding and decoding left out)");
    }

    /// <summary>A request's work in TFLOP, or PFLOP from 10,000 TFLOP on (a video's), never in exponent notation.</summary>
    private static string Flop(double flops)
        => flops < 1e16 ? string.Create(CultureInfo.InvariantCulture, $"{flops / 1e12:0.#} TFLOP") : string.Create(CultureInfo.InvariantCulture, $"{flops / 1e15:0.#} PFLOP");
}
