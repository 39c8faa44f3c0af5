using ClusterSim.Model.Runs;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: Intel's published LLM throughput on Gaudi 2 and Gaudi 3 (its "Model Performance Data" pages, Intel
/// Gaudi software 1.18.0, FP8, one static batch a row; scenarios/validation/intel-gaudi-optimum-habana.yaml gives the
/// source and the set-up). No stack was fitted on a Gaudi: every row runs the catalog's default derivation for a part
/// without a fit (the vLLM entry nearest in BF16 peak, A100's for Gaudi 2 and MI300X's for Gaudi 3, moved by the measured
/// BF16 matmul shares), with the part's own scale-up fabric (a
/// full mesh of 7 peers, 21 RoCE ports) and link share from Intel's documentation. Each row is held to the band it
/// reads in today, about five points either side, so a change either way is seen; the README's accuracy section lists
/// them. First run 2026-12-05; the fabric error (every pair given all 21 ports) was found while reading these rows, so they
/// are weaker evidence for that change, whose figures come from Intel's documentation, not from the rows.
/// </summary>
public sealed class IntelGaudiValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // part, model, cards (one tensor-parallel group), prompt, output, batch, band of the error (the measured output tokens/s:
    // the file's row of these settings).
    // Gaudi 2: median absolute error 6.2 % over 16 rows. Before the mesh fabric and link share (2026-12-05) the TP2 rows read
    // +6 to +35 % (every pair given all 21 ports) and the TP4 one +83 %; the A100 link fit alone, with the mesh, -19 to -26 %.
    [InlineData("gaudi2", "llama-2-7b", 1, 128, 128, 1230, -0.112, -0.012)]   // -6.2 %
    [InlineData("gaudi2", "llama-2-7b", 1, 128, 2048, 163, -0.17, -0.07)]   // -12.0 %
    [InlineData("gaudi2", "llama-2-7b", 1, 2048, 128, 94, -0.09, 0.01)]   // -4.0 %
    [InlineData("gaudi2", "llama-2-7b", 1, 2048, 2048, 81, -0.061, 0.039)]   // -1.1 %
    [InlineData("gaudi2", "llama-2-70b", 2, 128, 128, 1750, -0.111, -0.011)]   // -6.1 %
    // A known gap: Intel's 4-card row makes fewer tokens a second than its 2-card 128/128 row and 2.2 times fewer a card
    // than Gaudi 3's 2-card row of the same lengths; nothing in the model explains it.
    [InlineData("gaudi2", "llama-2-70b", 4, 128, 2048, 327, 0.674, 0.774)]   // +72.4 %
    [InlineData("gaudi2", "llama-2-70b", 2, 2048, 128, 95, -0.077, 0.023)]   // -2.7 %
    [InlineData("gaudi2", "llama-2-70b", 2, 2048, 2048, 78, -0.137, -0.037)]   // -8.7 %
    [InlineData("gaudi2", "mistral-7b", 1, 128, 128, 896, -0.212, -0.112)]   // -16.2 %
    [InlineData("gaudi2", "mistral-7b", 1, 128, 2048, 120, -0.233, -0.133)]   // -18.3 %
    // Mistral 7B's long-prompt rows read a third fast on both parts where Llama 3.1 8B, the same layer shapes, reads within
    // 8 %: a known gap, unexplained (no sliding window at 2,048 tokens).
    [InlineData("gaudi2", "mistral-7b", 1, 2048, 128, 120, 0.285, 0.385)]   // +33.5 %
    [InlineData("gaudi2", "mistral-7b", 1, 2048, 2048, 44, -0.067, 0.033)]   // -1.7 %
    [InlineData("gaudi2", "llama-3.1-8b", 1, 128, 128, 2429, -0.208, -0.108)]   // -15.8 %
    [InlineData("gaudi2", "llama-3.1-8b", 1, 128, 2048, 289, -0.06, 0.04)]   // -1.0 %
    [InlineData("gaudi2", "llama-3.1-8b", 1, 2048, 128, 179, -0.096, 0.004)]   // -4.6 %
    [InlineData("gaudi2", "llama-3.1-8b", 1, 2048, 2048, 155, -0.106, -0.006)]   // -5.6 %
    // Gaudi 3: median absolute error 9.4 % over 24 rows. The rows of large batches of short prompts read 22 to 37 % slow:
    // their largest part is the donor's host cost per sequence (MI300X's vLLM entry, 27.1 us a sequence a step, fitted on
    // AMD's vLLM 0.10), which Optimum Habana's static batches do not pay. Without it (a diagnostic, not adopted: chosen by
    // reading these rows it would be a fit) Gaudi 3 reads -2 to +42 %, median 7.4 %, and Gaudi 2 (A100's 8.7 us) 3.7 %.
    [InlineData("gaudi3", "llama-2-7b", 1, 128, 128, 1536, -0.377, -0.277)]   // -32.7 %
    [InlineData("gaudi3", "llama-2-7b", 1, 128, 2048, 217, -0.138, -0.038)]   // -8.8 %
    [InlineData("gaudi3", "llama-2-7b", 1, 2048, 128, 153, -0.035, 0.065)]   // +1.5 %
    [InlineData("gaudi3", "llama-2-7b", 1, 2048, 2048, 75, -0.083, 0.017)]   // -3.3 %
    [InlineData("gaudi3", "llama-2-70b", 2, 128, 128, 1750, -0.129, -0.029)]   // -7.9 %
    [InlineData("gaudi3", "llama-2-70b", 2, 128, 2048, 512, -0.207, -0.107)]   // -15.7 %
    [InlineData("gaudi3", "llama-2-70b", 2, 2048, 128, 231, 0.004, 0.104)]   // +5.4 %
    [InlineData("gaudi3", "llama-2-70b", 2, 2048, 2048, 240, -0.055, 0.045)]   // -0.5 %
    [InlineData("gaudi3", "llama-3.1-8b", 1, 128, 128, 1536, -0.413, -0.313)]   // -36.3 %
    [InlineData("gaudi3", "llama-3.1-8b", 1, 128, 2048, 768, -0.341, -0.241)]   // -29.1 %
    [InlineData("gaudi3", "llama-3.1-8b", 1, 2048, 128, 256, 0.021, 0.121)]   // +7.1 %
    [InlineData("gaudi3", "llama-3.1-8b", 1, 2048, 2048, 364, -0.075, 0.025)]   // -2.5 %
    [InlineData("gaudi3", "llama-3.1-70b", 2, 128, 128, 3516, 0.066, 0.166)]   // +11.6 %
    [InlineData("gaudi3", "llama-3.1-70b", 2, 128, 2048, 450, -0.192, -0.092)]   // -14.2 %
    [InlineData("gaudi3", "llama-3.1-70b", 2, 2048, 128, 223, 0.004, 0.104)]   // +5.4 %
    [InlineData("gaudi3", "llama-3.1-70b", 2, 2048, 2048, 175, -0.095, 0.005)]   // -4.5 %
    [InlineData("gaudi3", "llama-3.1-70b", 8, 128, 128, 4000, -0.307, -0.207)]   // -25.7 %
    [InlineData("gaudi3", "llama-3.1-70b", 8, 128, 2048, 600, -0.268, -0.168)]   // -21.8 %
    [InlineData("gaudi3", "llama-3.1-70b", 8, 2048, 128, 400, 0.046, 0.146)]   // +9.6 %
    [InlineData("gaudi3", "llama-3.1-70b", 8, 2048, 2048, 600, -0.142, -0.042)]   // -9.2 %
    [InlineData("gaudi3", "mistral-7b", 1, 128, 128, 896, -0.422, -0.322)]   // -37.2 %
    [InlineData("gaudi3", "mistral-7b", 1, 128, 2048, 120, -0.29, -0.19)]   // -24.0 %
    [InlineData("gaudi3", "mistral-7b", 1, 2048, 128, 120, 0.267, 0.367)]   // +31.7 %
    [InlineData("gaudi3", "mistral-7b", 1, 2048, 2048, 44, -0.042, 0.058)]   // +0.8 %
    public void Static_batch_output_tokens_per_second(
        string part, string model, int cards, int prompt, int outputTokens, int batch, double bandLow, double bandHigh)
    {
        string[] sets =
        [
            $"hardware.nodes.hls.accelerator={part}", $"models.m.from={model}", $"deployments.engine.tp={cards}",
            $"workloads.synth.prompt_tokens.value={prompt}", $"workloads.synth.output_tokens.value={outputTokens}",
            $"deployments.engine.max_batch={batch}", $"deployments.engine.max_batch_tokens={batch * prompt}", $"run.requests={batch}",
        ];

        // Intel's figure is the file's measured row with exactly these settings, the row clustersim accuracy runs.
        var measured = Published.Figure("intel-gaudi-optimum-habana.yaml", Published.RowWith("intel-gaudi-optimum-habana.yaml", sets).Name, "output_tokens_per_s");
        var r = ScenarioRuns.Validation("intel-gaudi-optimum-habana.yaml", sets);

        // The row's batch ran as one: every request done, all prompts in the first step (one time to first token for all).
        Assert.Equal(batch, r.Overall.Completed);
        var ttft = r.Classes[0].Ttft.ToSummary();
        Assert.InRange(ttft.P99, ttft.P50 * 0.98, ttft.P50 * 1.02);

        _bands.Check($"{part} {model} TP{cards} {prompt}/{outputTokens} batch {batch} output tok/s",
            r.Overall.OutputTokensPerSecond(r.MeasuredSeconds), measured, 0.10, bandLow, bandHigh);
        _bands.AssertAllInBand();
    }
}
