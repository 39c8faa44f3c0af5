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
    // decode step about 1.3 ms short at every degree on both parts (TPOT -1 to -22 % at 4 and 32 clients, most at TP8
    // where the step is shortest: README, Known gaps). Until 2026-12-08 (fifteenth session) Hopper parts priced no decode
    // attention floor on this stack, and the step read about 2 ms short (-5 to -30 %).
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k1k, 4 clients", 0.111, -0.041)]   // 0.085, -0.102 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k1k, 32 clients", -0.016, -0.065)]   // -0.028, -0.110 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k8k, 4 clients", 0.041, -0.058)]   // 0.017, -0.118 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 1k8k, 32 clients", -0.065, -0.167)]   // -0.076, -0.206 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 8k1k, 4 clients", 0.010, -0.081)]   // 0.005, -0.132 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP2 8k1k, 32 clients", -0.742, -0.164)]   // -0.743, -0.184 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k1k, 4 clients", 0.166, -0.116)]   // 0.128, -0.206 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k1k, 32 clients", 0.065, -0.117)]   // 0.047, -0.181 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k8k, 4 clients", 0.095, -0.112)]   // 0.059, -0.202 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 1k8k, 32 clients", 0.055, -0.202)]   // 0.037, -0.260 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 8k1k, 4 clients", 0.097, -0.112)]   // 0.091, -0.192 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP4 8k1k, 32 clients", 0.050, -0.145)]   // 0.046, -0.177 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k1k, 4 clients", -0.064, -0.173)]   // -0.016, -0.290 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k1k, 32 clients", 0.002, -0.145)]   // -0.024, -0.229 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k8k, 4 clients", -0.083, -0.156)]   // -0.045, -0.275 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 1k8k, 32 clients", 0.000, -0.175)]   // -0.027, -0.258 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 8k1k, 4 clients", 0.028, -0.184)]   // 0.036, -0.288 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h100-llama33-70b-fp8.yaml", "TP8 8k1k, 32 clients", 0.007, -0.137)]   // 0.001, -0.186 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k1k, 4 clients", -0.025, -0.015)]   // -0.040, -0.065 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k1k, 32 clients", -0.121, -0.123)]   // -0.128, -0.155 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k8k, 4 clients", -0.065, -0.031)]   // -0.080, -0.079 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 1k8k, 32 clients", -0.147, -0.196)]   // -0.154, -0.224 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 8k1k, 4 clients", -0.111, -0.055)]   // -0.113, -0.096 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP1 8k1k, 32 clients", -0.135, -0.159)]   // -0.136, -0.173 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k1k, 4 clients", 0.008, -0.046)]   // -0.017, -0.122 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k1k, 32 clients", -0.077, -0.106)]   // -0.089, -0.159 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k8k, 4 clients", -0.077, -0.056)]   // -0.101, -0.131 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 1k8k, 32 clients", -0.114, -0.202)]   // -0.125, -0.248 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 8k1k, 4 clients", -0.024, -0.063)]   // -0.029, -0.128 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP2 8k1k, 32 clients", -0.112, -0.176)]   // -0.114, -0.199 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k1k, 4 clients", -0.041, -0.117)]   // -0.074, -0.225 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k1k, 32 clients", -0.020, -0.123)]   // -0.038, -0.197 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k8k, 4 clients", -0.091, -0.127)]   // -0.123, -0.234 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 1k8k, 32 clients", -0.115, -0.218)]   // -0.132, -0.285 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 8k1k, 4 clients", 0.018, -0.118)]   // 0.011, -0.212 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP4 8k1k, 32 clients", -0.034, -0.126)]   // -0.038, -0.164 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k1k, 4 clients", -0.074, -0.158)]   // -0.128, -0.292 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k1k, 32 clients", -0.151, -0.112)]   // -0.174, -0.209 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k8k, 4 clients", -0.138, -0.156)]   // -0.191, -0.291 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 1k8k, 32 clients", -0.157, -0.146)]   // -0.182, -0.242 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 8k1k, 4 clients", -0.022, -0.157)]   // -0.036, -0.278 before the Hopper attention floor (2026-12-08)
    [InlineData("inferencex-vllm-h200-llama33-70b-fp8.yaml", "TP8 8k1k, 32 clients", -0.060, -0.094)]   // -0.066, -0.151 before the Hopper attention floor (2026-12-08)
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
    // about 1.1 ms at 4 clients (-16 to -34 %; -9 to +16 % at 32 clients on two H100s, where steps are longer): a fixed
    // time per step the model lacks on vLLM's Hopper path (README, Known gaps); 1.5 to 1.7 ms (-25 to -47 %) before the
    // fifteenth session's Hopper decode attention floor (36 layers x 13.3 us a step). Until
    // 2026-12-08 the experts' rows were padded to 64-row tiles, which vLLM's kernels do not use (VllmFusedMoeKernelTests);
    // that over-priced the larger batches (+16 to +55 % at 32 clients on two GPUs) and hid the missing time there. A few
    // measured first tokens of 4.7 to 10 s at 8 to 32 clients are runs the sweep's neighbours do not repeat.
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.435, -0.194)]   // -0.422, -0.288 before the Hopper attention floor (2026-12-08); -0.384, -0.122 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.392, 0.076)]   // -0.405, 0.032 before the Hopper attention floor (2026-12-08); -0.310, 0.440 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.321, -0.158)]   // -0.303, -0.255 before the Hopper attention floor (2026-12-08); -0.258, -0.085 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.416, 0.165)]   // -0.428, 0.119 before the Hopper attention floor (2026-12-08); -0.332, 0.554 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.540, -0.201)]   // -0.531, -0.286 before the Hopper attention floor (2026-12-08); -0.541, -0.137 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.555, -0.075)]   // -0.558, -0.104 before the Hopper attention floor (2026-12-08); -0.546, 0.160 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.370, -0.254)]   // -0.410, -0.371 before the Hopper attention floor (2026-12-08); -0.354, -0.266 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.450, -0.022)]   // -0.468, -0.087 before the Hopper attention floor (2026-12-08); -0.473, 0.221 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.279, -0.234)]   // -0.328, -0.354 before the Hopper attention floor (2026-12-08); -0.260, -0.246 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.431, 0.028)]   // -0.378, -0.040 before the Hopper attention floor (2026-12-08); -0.380, 0.284 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.462, -0.257)]   // -0.474, -0.365 before the Hopper attention floor (2026-12-08); -0.468, -0.269 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.579, -0.110)]   // -0.578, -0.155 before the Hopper attention floor (2026-12-08); -0.576, 0.054 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.388, -0.310)]   // -0.398, -0.437 before the Hopper attention floor (2026-12-08); -0.352, -0.378 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.592, -0.128)]   // -0.611, -0.210 before the Hopper attention floor (2026-12-08); -0.571, -0.009 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.313, -0.287)]   // -0.326, -0.419 before the Hopper attention floor (2026-12-08); -0.276, -0.358 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.358, -0.085)]   // -0.390, -0.172 before the Hopper attention floor (2026-12-08); -0.322, 0.043 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h100-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.565, -0.314)]   // -0.563, -0.434 before the Hopper attention floor (2026-12-08); -0.558, -0.379 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 4 clients", -0.570, -0.274)]   // -0.574, -0.341 before the Hopper attention floor (2026-12-08); -0.566, -0.108 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP1 8k1k, 32 clients", -0.591, -0.142)]   // -0.593, -0.162 before the Hopper attention floor (2026-12-08); -0.578, 0.186 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 4 clients", -0.440, -0.255)]   // -0.473, -0.353 before the Hopper attention floor (2026-12-08); -0.418, -0.178 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k1k, 32 clients", -0.546, -0.091)]   // -0.557, -0.136 before the Hopper attention floor (2026-12-08); -0.474, 0.284 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 4 clients", -0.421, -0.219)]   // -0.457, -0.321 before the Hopper attention floor (2026-12-08); -0.409, -0.140 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 1k8k, 32 clients", -0.508, -0.020)]   // -0.520, -0.068 before the Hopper attention floor (2026-12-08); -0.426, 0.383 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 4 clients", -0.548, -0.265)]   // -0.557, -0.354 before the Hopper attention floor (2026-12-08); -0.573, -0.196 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP2 8k1k, 32 clients", -0.977, 0.021)]   // -0.977, -0.017 before the Hopper attention floor (2026-12-08); -0.976, 0.335 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 4 clients", -0.407, -0.305)]   // -0.409, -0.424 before the Hopper attention floor (2026-12-08); -0.388, -0.317 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k1k, 32 clients", -0.459, -0.148)]   // -0.479, -0.214 before the Hopper attention floor (2026-12-08); -0.475, 0.100 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 4 clients", -0.393, -0.286)]   // -0.399, -0.408 before the Hopper attention floor (2026-12-08); -0.372, -0.298 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 1k8k, 32 clients", -0.437, -0.092)]   // -0.460, -0.163 before the Hopper attention floor (2026-12-08); -0.452, 0.176 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 4 clients", -0.508, -0.314)]   // -0.503, -0.424 before the Hopper attention floor (2026-12-08); -0.514, -0.325 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP4 8k1k, 32 clients", -0.535, -0.207)]   // -0.541, -0.254 before the Hopper attention floor (2026-12-08); -0.555, -0.036 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 4 clients", -0.452, -0.335)]   // -0.469, -0.465 before the Hopper attention floor (2026-12-08); -0.425, -0.404 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k1k, 32 clients", -0.532, -0.195)]   // -0.557, -0.280 before the Hopper attention floor (2026-12-08); -0.505, -0.072 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 4 clients", -0.425, -0.314)]   // -0.443, -0.448 before the Hopper attention floor (2026-12-08); -0.397, -0.386 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 1k8k, 32 clients", -0.508, -0.153)]   // -0.536, -0.244 before the Hopper attention floor (2026-12-08); -0.477, -0.019 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 4 clients", -0.573, -0.338)]   // -0.573, -0.461 before the Hopper attention floor (2026-12-08); -0.568, -0.404 until 2026-12-08 (64-row expert tiles)
    [InlineData("inferencex-vllm-h200-gpt-oss-120b.yaml", "TP8 8k1k, 32 clients", -0.626, -0.249)]   // -0.633, -0.311 before the Hopper attention floor (2026-12-08); -0.625, -0.162 until 2026-12-08 (64-row expert tiles)
    public void A_mixture_of_experts_sweeps_first_token_and_time_per_output_token_are_held_where_they_read(string file, string row, double ttftMean, double tpotMean)
        => Mean_first_token_and_time_per_output_token_against_the_published_sweeps(file, row, ttftMean, tpotMean);
}
