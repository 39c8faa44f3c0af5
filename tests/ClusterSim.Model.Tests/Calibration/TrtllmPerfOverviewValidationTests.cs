using System.Globalization;
using Xunit.Abstractions;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// CHECKS, not fits: TensorRT-LLM 1.0's offline throughput on its PyTorch backend as NVIDIA publishes it in the
/// performance overview (docs/source/performance/perf-overview.md: FP8 Llama 3.1 8B on one H100 and one H200, Llama 3.3
/// 70B on one H200 and two H100s, Llama 3.1 405B on eight of each; ten input/output lengths from 128/128 to 20000/2000,
/// 1,000 to 30,000 requests each), run with the engine settings trtllm-bench derives for each row
/// (<see cref="TrtllmBenchSettings"/>) and the stack trtllm-pytorch-fp8: the trtllm-fp8 entry's kernel factors with its host
/// time overlapped by the PyTorch backend's overlap scheduler (documented, on by default). No factor of any stack was set
/// from these rows. Caveat, stated: they were run once with the in-series trtllm-fp8 stack before the overlap was added
/// (the 8B rows then came out 10 to 30 % slow where the step is short), so they are weaker evidence for the overlap's form
/// than for the kernels. Each row is held to the band it is in today (about five points either side), so that drift in
/// either direction fails; the scenarios (scenarios/validation/trtllm-pytorch-*.yaml) give every assumption. A known gap,
/// asserted as the band it is in: Llama 3.3 70B in NVFP4 on one B200 comes out 20 to 33 % fast on all ten rows (22 to
/// 38 % until 2026-12-05, when the B200's measured FP4 matmul share, cuBLASLt's NVFP4 5,500 of 9,000 TFLOP/s, came to price
/// its NVFP4 GEMMs in place of the H100's FP8 share; the catalog still has no B200 STREAM share, and no kernel of the
/// page's own engine on a B200 was timed). A second known gap, the mixtures of experts on the same page (Qwen3-235B-A22B on 8
/// H200s and 8 H100s, Llama 4 Scout on 4 of each; first run 2026-12-05): with the page's MoE recipe (attention dp, experts
/// spread over the ranks) every row came out 21 to 88 % fast (15 to 92 % since the gathered exchange, below), where the dense rows of the same page and the MLPerf Mixtral
/// rows (one GPU a replica, no attention dp) are within about 10 %; see the README's known gaps. Until 2026-12-05 a step's
/// attention and dense layers were priced at the mean rank (21 to 100 % fast, prefill-heavy rows furthest); since then at
/// its busiest, a lone prompt loading one rank (AttentionDataParallelLoad, from TensorRT-LLM's own account of its
/// attention-DP iterations), which moved every one of the 34 rows toward its measurement and the long-prompt rows most
/// (5,000/500 by 20 to 40 points, 20,000/2,000 by 41), no factor set from them.
/// (Since 2026-12-05 the activations every tensor-parallel rank moves whole count 10 x hidden a token and layer, where
/// they counted 4: the 405B TP8 rows moved 4 to 6 points slower, toward their measurements on the H200; the 60 Hopper dense
/// rows' median error went from 6.9 to 6.0 %, the B200 rows moved 1 to 5 points closer and the MoE rows 1 to 4, and 0 to
/// 6 more when a MoE layer's expert outputs came to count, the same day.)
/// (Since a later session of 2026-12-05 each MoE layer gathers every rank's tokens to every rank and reduce-scatters the
/// outputs back, as TensorRT-LLM does on these nodes: its all-to-all needs more expert-parallel ranks than experts a token
/// and multi-node NVLink, neither of which an x86 DGX has; the tokens go out in FP8, as the checkpoints' per-tensor
/// scales let the engine quantise them first, and return in bf16. Before, two all-to-alls each moved a token's k copies in
/// bf16, and every rank's finalize writes a full-width row for each gathered token. Scout's rows (one expert a token: the
/// gather moves 3 times the copies) moved 3 to 23 points toward their measurements; Qwen3's (8 a token on 8 ranks: about
/// the same tokens, the dispatch in FP8) 4 to 28 points away, the long-prompt rows most (TensorRT-LLM gathers their
/// tokens unpadded, use_dp_padding false, so a lone prompt's rank no longer sets every rank's part). So the Qwen3 rows' excess
/// was partly hidden by the exchange's bytes and lies elsewhere; every row now reads 15 to 92 % fast.)
/// </summary>
public sealed class TrtllmPerfOverviewValidationTests(ITestOutputHelper output)
{
    [Theory]
    // file, input and output tokens, requests (as the page gives them), band of the error (the measured output tokens/s: the
    // file's row of these lengths)
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 128, 30000, 0.000, 0.100)] // +5.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 2048, 3000, -0.129, -0.029)] // -7.9 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 128, 4096, 1500, -0.137, -0.037)] // -8.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 500, 2000, 3000, -0.092, 0.008)] // -4.2 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 1000, 3000, -0.088, 0.012)] // -3.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 1000, 2000, 1500, -0.113, -0.013)] // -6.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 128, 3000, -0.036, 0.064)] // +1.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 2048, 2048, 1500, -0.068, 0.032)] // -1.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 5000, 500, 1500, -0.033, 0.067)] // +1.7 %
    [InlineData("trtllm-pytorch-llama31-8b-h100.yaml", 20000, 2000, 1000, -0.057, 0.043)] // -0.7 % (+8.4 % with 2,048 tokens a step, chunked)
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 128, 30000, 0.114, 0.214)] // +16.4 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 2048, 3000, -0.015, 0.085)] // +3.5 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 128, 4096, 1500, -0.063, 0.037)] // -1.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 500, 2000, 3000, 0.023, 0.123)] // +7.3 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 1000, 3000, -0.009, 0.091)] // +4.1 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 1000, 2000, 1500, -0.020, 0.080)] // +3.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 128, 3000, 0.051, 0.151)] // +10.1 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 2048, 2048, 1500, -0.068, 0.032)] // -1.8 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 5000, 500, 1500, 0.040, 0.140)] // +9.0 %
    [InlineData("trtllm-pytorch-llama31-8b-h200.yaml", 20000, 2000, 1000, -0.071, 0.029)] // -2.1 % (+10.1 % with 2,048 tokens a step, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 128, 30000, 0.030, 0.130)] // +8.0 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 2048, 3000, -0.163, -0.063)] // -11.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 128, 4096, 1500, -0.157, -0.057)] // -10.7 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 500, 2000, 3000, -0.162, -0.062)] // -11.2 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 1000, 3000, -0.126, -0.026)] // -7.6 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 1000, 2000, 1500, -0.184, -0.084)] // -13.4 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 128, 3000, 0.040, 0.140)] // +9.0 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 2048, 2048, 1500, -0.093, 0.007)] // -4.3 %
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 5000, 500, 1500, -0.032, 0.068)] // +1.8 % (+5.3 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-h200.yaml", 20000, 2000, 1000, 0.001, 0.101)] // +5.1 % (+5.3 % before the B200's measured bandwidth share) (+7.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 128, 30000, 0.005, 0.105)] // +5.5 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 2048, 3000, -0.114, -0.014)] // -6.4 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 128, 4096, 1500, -0.067, 0.033)] // -1.7 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 500, 2000, 3000, -0.054, 0.046)] // -0.4 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 1000, 3000, -0.015, 0.085)] // +3.5 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 1000, 2000, 1500, -0.051, 0.049)] // -0.1 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 128, 3000, -0.017, 0.083)] // +3.3 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 2048, 2048, 1500, -0.074, 0.026)] // -2.4 %
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 5000, 500, 1500, 0.009, 0.109)] // +5.9 % (+10.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-2xh100.yaml", 20000, 2000, 1000, 0.062, 0.162)] // +11.2 % (+15.4 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 128, 30000, 0.014, 0.114)] // +6.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 2048, 3000, 0.075, 0.175)] // +12.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 128, 4096, 1500, 0.024, 0.124)] // +7.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 500, 2000, 3000, 0.046, 0.146)] // +9.6 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 1000, 3000, 0.024, 0.124)] // +7.4 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 1000, 2000, 1500, 0.078, 0.178)] // +12.8 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 128, 3000, 0.011, 0.111)] // +6.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 2048, 2048, 1500, 0.011, 0.111)] // +6.1 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 5000, 500, 1500, 0.027, 0.127)] // +7.7 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh200.yaml", 20000, 2000, 1000, 0.049, 0.149)] // +9.9 % (+15.8 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 128, 30000, -0.067, 0.033)] // -1.7 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 2048, 3000, 0.007, 0.107)] // +5.7 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 128, 4096, 1500, 0.075, 0.175)] // +12.5 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 500, 2000, 3000, -0.072, 0.028)] // -2.2 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 1000, 3000, -0.068, 0.032)] // -1.8 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 1000, 2000, 1500, 0.053, 0.153)] // +10.3 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 128, 3000, -0.129, -0.029)] // -8.1 % (this comment read -7.9 % until 2026-12-06, when writing the rows into the scenario found it stale)
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 2048, 2048, 1500, -0.030, 0.070)] // +2.0 %
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 5000, 500, 1500, -0.101, -0.001)] // -5.1 % (+0.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama31-405b-8xh100.yaml", 20000, 2000, 1000, 0.130, 0.230)] // +17.8 % (read +18.0 % here until 2026-12-06, stale; +23.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 128, 30000, 0.227, 0.327)] // +27.7 % (+26.9 % before the B200's measured bandwidth share): gap (+36.1 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 2048, 3000, 0.221, 0.321)] // +27.1 % (+25.4 % before the B200's measured bandwidth share): gap (+29.6 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 128, 4096, 1500, 0.169, 0.269)] // +21.9 % (+20.0 % before the B200's measured bandwidth share): gap (+22.5 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 500, 2000, 3000, 0.301, 0.401)] // +35.1 % (+33.2 % before the B200's measured bandwidth share): gap (+37.5 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 1000, 3000, 0.195, 0.295)] // +24.5 % (+23.0 % before the B200's measured bandwidth share): gap (+28.4 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 1000, 2000, 1500, 0.263, 0.363)] // +31.3 % (+29.4 % before the B200's measured bandwidth share): gap (+33.3 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 128, 3000, 0.194, 0.294)] // +24.4 % (+23.5 % before the B200's measured bandwidth share): gap (+32.3 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 2048, 2048, 1500, 0.176, 0.276)] // +22.6 % (+20.8 % before the B200's measured bandwidth share): gap (+24.2 % before the B200's measured FP4 matmul share)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 5000, 500, 1500, 0.255, 0.355)] // +30.5 % (+29.4 % before the B200's measured bandwidth share): gap (+37.3 % before the B200's measured FP4 matmul share; +42.6 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-llama33-70b-b200.yaml", 20000, 2000, 1000, 0.225, 0.325)] // +27.5 % (+25.9 % before the B200's measured bandwidth share): gap (+30.7 % before the B200's measured FP4 matmul share; +39.8 % with 2,048 tokens a step, chunked)
    // Qwen3-235B-A22B (128 experts of 1,536, 8 a token), TP8 with attention dp and the experts 16 to a rank: a KNOWN GAP,
    // first run 2026-12-05 and asserted as the band it is in. Prefill-heavy rows are furthest off (2,048/128, 5,000/500 and
    // 20,000/2,000: the measured rate is 15 % of the H200s' FP8 peak where the dense 70B's same rows reach about half).
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 128, 30000, 0.704, 0.804)] // +75.4 %: gap (+60.5 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 2048, 3000, 0.229, 0.329)] // +27.9 %: gap (+21.8 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 128, 4096, 1500, 0.412, 0.512)] // +46.2 %: gap (+41.2 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 500, 2000, 3000, 0.643, 0.743)] // +69.3 %: gap (+60.5 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 1000, 1000, 3000, 0.451, 0.551)] // +50.1 %: gap (+39.7 % before 2026-12-05's gathered expert exchange; +42.4 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 1000, 2000, 1500, 0.486, 0.586)] // +53.6 %: gap (+46.5 % before 2026-12-05's gathered expert exchange; +47.7 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 2048, 128, 3000, 0.738, 0.838)] // +78.8 %: gap (+63.3 % before 2026-12-05's gathered expert exchange; +65.4 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 2048, 2048, 1500, 0.533, 0.633)] // +58.3 %: gap (+48.5 % before 2026-12-05's gathered expert exchange; +53.4 % before 2026-12-05's busiest rank) (+56.9 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 5000, 500, 1500, 0.81, 0.91)] // +86.0 %: gap (+58.3 % before 2026-12-05's gathered expert exchange; +91.7 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh200.yaml", 20000, 2000, 1000, 0.721, 0.821)] // +77.1 %: gap (+59.5 % before 2026-12-05's gathered expert exchange; +100.3 % before 2026-12-05's busiest rank) (+108.7 % with the heuristic's max tokens, chunked)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 128, 2048, 3000, 0.85, 0.95)] // +90.0 %: gap (+84.2 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 128, 4096, 1500, 0.868, 0.968)] // +91.8 %: gap (+88.0 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 500, 2000, 3000, 0.448, 0.548)] // +49.8 %: gap (+45.5 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 1000, 1000, 3000, 0.717, 0.817)] // +76.7 %: gap (+64.0 % before 2026-12-05's gathered expert exchange; +73.4 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 1000, 2000, 1500, 0.334, 0.434)] // +38.4 %: gap (+33.6 % before 2026-12-05's gathered expert exchange; +36.1 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 2048, 2048, 1500, 0.743, 0.843)] // +79.3 %: gap (+69.0 % before 2026-12-05's gathered expert exchange; +78.5 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-qwen3-235b-8xh100.yaml", 5000, 500, 1500, 0.544, 0.644)] // +59.4 %: gap (+34.4 % before 2026-12-05's gathered expert exchange; +73.9 % before 2026-12-05's busiest rank)
    // Llama 4 Scout (16 experts of 8,192, 1 a token, and a shared expert), TP4 with attention dp: the same KNOWN GAP, first
    // run 2026-12-05 (rows with 20,000-token prompts left out: its chunked attention is not in the model's fields).
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 128, 30000, 0.588, 0.688)] // +63.8 %: gap (+87.1 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 2048, 3000, 0.096, 0.196)] // +14.6 %: gap (+20.9 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 128, 4096, 1500, 0.147, 0.247)] // +19.7 %: gap (+23.8 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 500, 2000, 3000, 0.371, 0.471)] // +42.1 %: gap (+50.4 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 1000, 1000, 3000, 0.262, 0.362)] // +31.2 %: gap (+41.1 % before 2026-12-05's gathered expert exchange; +42.5 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 1000, 2000, 1500, 0.234, 0.334)] // +28.4 %: gap (+34.3 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 2048, 128, 3000, 0.513, 0.613)] // +56.3 %: gap (+78.2 % before 2026-12-05's gathered expert exchange; +80.2 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 2048, 2048, 1500, 0.196, 0.296)] // +24.6 %: gap (+30.6 % before 2026-12-05's gathered expert exchange; +32.4 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh200.yaml", 5000, 500, 1500, 0.27, 0.37)] // +32.0 %: gap (+42.4 % before 2026-12-05's gathered expert exchange; +62.5 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 128, 2048, 3000, 0.639, 0.739)] // +68.9 %: gap (+75.1 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 128, 4096, 1500, 0.636, 0.736)] // +68.6 %: gap (+71.9 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 500, 2000, 3000, 0.592, 0.692)] // +64.2 %: gap (+69.8 % before 2026-12-05's gathered expert exchange)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 1000, 1000, 3000, 0.534, 0.634)] // +58.4 %: gap (+66.3 % before 2026-12-05's gathered expert exchange; +71.5 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 1000, 2000, 1500, 0.6, 0.7)] // +65.0 %: gap (+70.2 % before 2026-12-05's gathered expert exchange; +72.0 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 2048, 128, 3000, 0.509, 0.609)] // +55.9 %: gap (+75.2 % before 2026-12-05's gathered expert exchange; +79.6 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 2048, 2048, 1500, 0.393, 0.493)] // +44.3 %: gap (+48.4 % before 2026-12-05's gathered expert exchange; +52.2 % before 2026-12-05's busiest rank)
    [InlineData("trtllm-pytorch-llama4-scout-4xh100.yaml", 5000, 500, 1500, 0.267, 0.367)] // +31.7 %: gap (+38.7 % before 2026-12-05's gathered expert exchange; +63.1 % before 2026-12-05's busiest rank)
    public void Offline_output_tokens_per_second_against_NVIDIAs_performance_overview(
        string file, int input, int outputTokens, int requests, double low, double high)
    {
        // The page's figure for these lengths, as the file's measured row holds it (clustersim accuracy reads the same).
        var measured = Published.Figure(file, $"{input}/{outputTokens}", "output_tokens_per_s");
        var row = TrtllmBenchRun.Offline(file, input, outputTokens, requests);
        var error = row.OutputTokensPerSecond / measured - 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file} {input}/{outputTokens} (max batch {row.MaxBatch}, max tokens {row.MaxTokens}): simulated {row.OutputTokensPerSecond:F0} tok/s, measured {measured:F0}, {100 * error:+0.0;-0.0} %"));
        Assert.InRange(error, low, high);
    }
}
