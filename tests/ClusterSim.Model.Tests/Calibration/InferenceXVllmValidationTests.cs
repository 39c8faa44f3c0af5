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
    // figure reads today: mean TTFT, mean TPOT. A KNOWN GAP, held where it is: the first token 24 to 63 % early at every
    // degree and load (a prompt's step priced far shorter than it runs), and the step short at 4 clients (-8 to -40 %,
    // most at TP8) but long at 32 and 64 on two GPUs (up to +55 %): the priced step grows with the batch faster than the
    // real one (README, Known gaps). A few measured first tokens of 4.7 to 10 s at 8 to 32 clients are runs the sweep's
    // neighbours do not repeat.
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.384, -0.122)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.310, 0.440)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.258, -0.085)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.332, 0.554)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.541, -0.137)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.546, 0.160)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.354, -0.266)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.473, 0.221)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.260, -0.246)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.380, 0.284)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.468, -0.269)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.576, 0.054)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.352, -0.378)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.571, -0.009)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.276, -0.358)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.322, 0.043)]
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.558, -0.379)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 4 clients", -0.566, -0.108)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 32 clients", -0.578, 0.186)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.418, -0.178)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.474, 0.284)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.409, -0.140)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.426, 0.383)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.573, -0.196)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.976, 0.335)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.388, -0.317)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.475, 0.100)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.372, -0.298)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.452, 0.176)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.514, -0.325)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.555, -0.036)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.425, -0.404)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.505, -0.072)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.397, -0.386)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.477, -0.019)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.568, -0.404)]
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 32 clients", -0.625, -0.162)]
    public void A_mixture_of_experts_sweeps_first_token_and_time_per_output_token_are_held_where_they_read(string file, string row, double ttftMean, double tpotMean)
        => Mean_first_token_and_time_per_output_token_against_the_published_sweeps(file, row, ttftMean, tpotMean);
}
