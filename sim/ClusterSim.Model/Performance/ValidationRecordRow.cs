namespace ClusterSim.Model.Performance;

/// <summary>
/// One published figure set beside the model's, as <c>clustersim accuracy --record</c> wrote it: which configuration,
/// what it ran on, and how far the model was.
/// </summary>
/// <param name="Scenario">The scenario's name (one file).</param>
/// <param name="Row">The measured row's name, empty for the file as written.</param>
/// <param name="Check">True for a check (no factor was set from it); false for a fit, which is no evidence.</param>
/// <param name="Accelerator">The catalog key of the part that served the measured workload.</param>
/// <param name="Stack">The efficiency entry's stack it ran with.</param>
/// <param name="Architecture">A dense model, a mixture of experts, or the workload kind, an image model by its denoiser (<see cref="ValidationRecord.Architecture"/>).</param>
/// <param name="Figure">The measured figure's name (output_tokens_per_s, tpot_p99, capacity_rps, ...).</param>
/// <param name="Family">throughput, capacity, latency or other (<see cref="ValidationRecord.Family"/>).</param>
/// <param name="Measured">What the real system measured.</param>
/// <param name="Simulated">What the model gave; NaN where it was not run.</param>
/// <param name="Error">simulated / measured - 1; NaN where it was not run.</param>
public sealed record ValidationRecordRow(
    string Scenario,
    string Row,
    bool Check,
    string Accelerator,
    string Stack,
    string Architecture,
    string Figure,
    string Family,
    double Measured,
    double Simulated,
    double Error);
