using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: vLLM 0.10.2 serving Llama-3.3-70B in FP8 (weights and KV cache), and vLLM 0.18 to 0.22 serving
/// gpt-oss-120b, on H100s (TP2, TP4, TP8) and H200s (TP1 to TP8) under SemiAnalysis InferenceX's closed-loop load: C
/// streaming clients of random prompts, each length drawn from 0.8 to 1 times 1,024 or 8,192 tokens, 10 x C requests
/// (scenarios/validation/inferencex-vllm-*.yaml give the sources and the set-up). No factor was set from them, and no stack has an H100 or H200 vLLM fit (each run moves
/// the A100 vllm entry and says so). First run 2026-12-07 (thirteenth session), after every factor was set, the request
/// path among them. Each sweep's 4- and 32-client rows are held here, each figure to the band it reads in today, five
/// points either side; every row is in the validation record (ValidationRecordCurrencyTests).
/// </summary>
public sealed class InferenceXVllmValidationTests(ITestOutputHelper output)
{
    private readonly ErrorBands _bands = new(output);

    [Theory]
    // file, row, and the error each figure reads today: mean TTFT, mean TPOT.
    // The first token reads within about 15 % wherever the KV cache holds the clients (its HTTP path priced, 6.91 ms); the
    // decode step about 2 ms short at every degree on both parts (TPOT -5 to -30 %, most at TP8 where the step is shortest:
    // README, Known gaps).
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k1k, 4 clients", 0.085, -0.102)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k1k, 32 clients", -0.028, -0.110)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k8k, 4 clients", 0.017, -0.118)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k8k, 32 clients", -0.076, -0.206)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 8k1k, 4 clients", 0.005, -0.132)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 8k1k, 32 clients", -0.743, -0.184)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k1k, 4 clients", 0.128, -0.206)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k1k, 32 clients", 0.047, -0.181)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k8k, 4 clients", 0.059, -0.202)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k8k, 32 clients", 0.037, -0.260)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 8k1k, 4 clients", 0.091, -0.192)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 8k1k, 32 clients", 0.046, -0.177)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k1k, 4 clients", -0.016, -0.290)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k1k, 32 clients", -0.024, -0.229)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k8k, 4 clients", -0.045, -0.275)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k8k, 32 clients", -0.027, -0.258)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 8k1k, 4 clients", 0.036, -0.288)]
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 8k1k, 32 clients", 0.001, -0.186)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k1k, 4 clients", -0.040, -0.065)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k1k, 32 clients", -0.128, -0.155)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k8k, 4 clients", -0.080, -0.079)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k8k, 32 clients", -0.154, -0.224)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 8k1k, 4 clients", -0.113, -0.096)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 8k1k, 32 clients", -0.136, -0.173)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k1k, 4 clients", -0.017, -0.122)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k1k, 32 clients", -0.089, -0.159)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k8k, 4 clients", -0.101, -0.131)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k8k, 32 clients", -0.125, -0.248)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 8k1k, 4 clients", -0.029, -0.128)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 8k1k, 32 clients", -0.114, -0.199)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k1k, 4 clients", -0.074, -0.225)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k1k, 32 clients", -0.038, -0.197)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k8k, 4 clients", -0.123, -0.234)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k8k, 32 clients", -0.132, -0.285)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 8k1k, 4 clients", 0.011, -0.212)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 8k1k, 32 clients", -0.038, -0.164)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k1k, 4 clients", -0.128, -0.292)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k1k, 32 clients", -0.174, -0.209)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k8k, 4 clients", -0.191, -0.291)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k8k, 32 clients", -0.182, -0.242)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 8k1k, 4 clients", -0.036, -0.278)]
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 8k1k, 32 clients", -0.066, -0.151)]
    public void Mean_first_token_and_time_per_output_token_against_the_published_sweeps(string file, string row, double ttftMean, double tpotMean)
    {
        var r = ScenarioRuns.Validation(file, Published.Sets(file, row));
        var c = Assert.Single(r.Classes);
        _bands.Shown($"{file} [{row}] mean TTFT ms", c.Ttft.ToSummary().Mean * 1e3, Published.Figure(file, row, "ttft_mean") * 1e3, ttftMean - 0.05, ttftMean + 0.05);
        _bands.Shown($"{file} [{row}] mean TPOT ms", c.Tpot.ToSummary().Mean * 1e3, Published.Figure(file, row, "tpot_mean") * 1e3, tpotMean - 0.05, tpotMean + 0.05);
        _bands.AssertAllInBand();

        // Every request the clients sent was served, and the run says how its requests reached the engine.
        Assert.Equal(c.Arrived, c.Completed);
        Assert.Contains(r.Notes, n => n.StartsWith("deployment 'vllm': no request_path given: 6.91 ms (http)", StringComparison.Ordinal));
    }

    [Theory]
    // gpt-oss-120b (MXFP4 experts through Marlin's weight-only kernel, vLLM 0.18 to 0.22), file, row, and the error each
    // figure reads today: mean TTFT, mean TPOT. A KNOWN GAP, held where it is: the first token 30 to 61 % early at every
    // degree and load (a prompt's step priced far shorter than it runs), and every step short by about the same time,
    // 1.5 to 1.7 ms at 4 clients on H100s at TP2, 4 and 8 (-25 to -47 %; -4 to +12 % at 32 clients on two H100s, where
    // steps are longer): a fixed time per step the model lacks on vLLM's Hopper path (README, Known gaps). Until
    // 2026-12-08 the experts' rows were padded to 64-row tiles, which vLLM's kernels do not use (VllmFusedMoeKernelTests);
    // that over-priced the larger batches (+16 to +55 % at 32 clients on two GPUs) and hid the missing time there. A few
    // measured first tokens of 4.7 to 10 s at 8 to 32 clients are runs the sweep's neighbours do not repeat.
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.422, -0.288)]   // -0.384, -0.122 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.405, 0.032)]   // -0.310, 0.440 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.303, -0.255)]   // -0.258, -0.085 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.428, 0.119)]   // -0.332, 0.554 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.531, -0.286)]   // -0.541, -0.137 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.558, -0.104)]   // -0.546, 0.160 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.410, -0.371)]   // -0.354, -0.266 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.468, -0.087)]   // -0.473, 0.221 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.328, -0.354)]   // -0.260, -0.246 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.378, -0.040)]   // -0.380, 0.284 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.474, -0.365)]   // -0.468, -0.269 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.578, -0.155)]   // -0.576, 0.054 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.398, -0.437)]   // -0.352, -0.378 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.611, -0.210)]   // -0.571, -0.009 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.326, -0.419)]   // -0.276, -0.358 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.390, -0.172)]   // -0.322, 0.043 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.563, -0.434)]   // -0.558, -0.379 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 4 clients", -0.574, -0.341)]   // -0.566, -0.108 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 32 clients", -0.593, -0.162)]   // -0.578, 0.186 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.473, -0.353)]   // -0.418, -0.178 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.557, -0.136)]   // -0.474, 0.284 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.457, -0.321)]   // -0.409, -0.140 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.520, -0.068)]   // -0.426, 0.383 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.557, -0.354)]   // -0.573, -0.196 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.977, -0.017)]   // -0.976, 0.335 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.409, -0.424)]   // -0.388, -0.317 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.479, -0.214)]   // -0.475, 0.100 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.399, -0.408)]   // -0.372, -0.298 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.460, -0.163)]   // -0.452, 0.176 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.503, -0.424)]   // -0.514, -0.325 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.541, -0.254)]   // -0.555, -0.036 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.469, -0.465)]   // -0.425, -0.404 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.557, -0.280)]   // -0.505, -0.072 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.443, -0.448)]   // -0.397, -0.386 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.536, -0.244)]   // -0.477, -0.019 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.573, -0.461)]   // -0.568, -0.404 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 32 clients", -0.633, -0.311)]   // -0.625, -0.162 until 2026-12-08 (64-row expert tiles)
    public void A_mixture_of_experts_sweeps_first_token_and_time_per_output_token_are_held_where_they_read(string file, string row, double ttftMean, double tpotMean)
        => Mean_first_token_and_time_per_output_token_against_the_published_sweeps(file, row, ttftMean, tpotMean);
}
