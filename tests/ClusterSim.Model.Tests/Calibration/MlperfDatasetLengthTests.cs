using ClusterSim.Model.Performance;
using ClusterSim.Model.Workloads.Sizes;

namespace ClusterSim.Model.Tests.Calibration;

/// <summary>
/// The MLPerf scenarios draw their prompt and output lengths from the datasets themselves
/// (scenarios/traces/mlperf/, NOTICE.md beside them), not from assumptions or from the results. These checks hold
/// the copies against figures published independently of the files (MLCommons' reference READMEs) and against
/// what the fit and the scenarios say about them.
/// </summary>
public sealed class MlperfDatasetLengthTests
{
    private static (int Prompt, int Output)[] Rows(string name)
    {
        var lines = File.ReadAllLines(RepoPaths.File("scenarios", "traces", "mlperf", name));
        Assert.Equal("input_length,output_length", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).Select(c => (int.Parse(c[0]), int.Parse(c[1]))).ToArray();
    }

    [Fact]
    public void Mixtral_set_has_the_reference_size_and_the_reference_tokens_per_sample()
    {
        var rows = Rows("mixtral-8x7b-lengths.csv");

        // mlcommons/inference language/mixtral-8x7b/README.md: 5,000 samples from each of three datasets, and the
        // reference's generated tokens_per_sample 144.84 (submissions must match it within 10 %).
        Assert.Equal(15_000, rows.Length);
        Assert.Equal(144.84, rows.Average(r => r.Output), 1);
        Assert.All(rows, r => Assert.InRange(r.Output, 1, 1024));   // max_new_tokens 1024

        // GSM8K's 5-shot prompts are the long ones: the first block of 5,000, none shorter than 600 tokens.
        Assert.True(rows.Take(5000).All(r => r.Prompt > 600));

        // Not an independent figure: the mean prompt as the scenarios, the NOTICE and the README quote it, read from
        // this file; pinned so that a changed copy is seen.
        Assert.Equal(427.39, rows.Average(r => r.Prompt), 2);
    }

    [Fact]
    public void Llama31_8b_cnndm_set_has_the_sample_count_loadgen_reports()
    {
        var rows = Rows("llama31-8b-cnndm-lengths.csv");

        // 13,368 samples: loadgen's qsl_reported_total_count and performance_sample_count in every v5.1 llama3.1-8b log
        // (for one, closed/RedHat/results/XE8640_4xH100_vLLM/llama3.1-8b/Offline/performance/run_1/mlperf_log_detail.txt).
        Assert.Equal(13_368, rows.Length);
        Assert.All(rows, r => Assert.InRange(r.Prompt, 1, 8_192));

        // Not an independent figure: the mean prompt the scenarios quote, read from this file; pinned so that a changed
        // copy is seen. The output column is the source's estimate from characters (length / 4), which no scenario uses:
        // the benchmark's outputs are its 128-token limit (the submissions' tokens per sample).
        Assert.Equal(870.73, rows.Average(r => r.Prompt), 2);
        var reader = EmpiricalSize.FromCsv(RepoPaths.File("scenarios", "traces", "mlperf", "llama31-8b-cnndm-lengths.csv"), "input_length");
        Assert.Equal(rows.Average(r => r.Prompt), reader.Mean, 9);
    }

    [Fact]
    public void Gptj_prompts_are_the_llama31_8b_prompts_shifted_to_meet_gptjs_published_cut()
    {
        // Derived here (NOTICE.md): the same 13,368 articles, each Llama 3.1 prompt plus 26 tokens, cut at GPT-J's 1,919. The
        // one published point of GPT-J's own tokenization: 399 prompts are longer than 1,919 tokens (mlcommons/inference issue
        // 1384), so exactly 399 reach the cut.
        var path = RepoPaths.File("scenarios", "traces", "mlperf", "gptj-cnndm-lengths.csv");
        var lines = File.ReadAllLines(path);
        Assert.Equal("input_length", lines[0]);
        var gptj = lines.Skip(1).Select(int.Parse).ToArray();
        var llama = Rows("llama31-8b-cnndm-lengths.csv");
        Assert.Equal(llama.Length, gptj.Length);
        Assert.Equal(llama.Select(r => Math.Min(1919, r.Prompt + 26)), gptj);
        Assert.Equal(399, gptj.Count(p => p == 1919));
        Assert.Equal(891.41, gptj.Average(), 2);
        Assert.Equal(gptj.Average(), EmpiricalSize.FromCsv(path, "input_length").Mean, 9);
    }

    [Fact]
    public void Llama31_405b_set_has_the_reference_size_and_the_reference_tokens_per_sample()
    {
        var rows = Rows("llama31-405b-lengths.csv");

        // 8,313 samples, as MLCommons' file is named (mlperf_llama3.1_405b_dataset_8313_processed_fp16_eval.pkl); the
        // reference's outputs average 684.68 tokens, whose 90 %, 616.212, is the accuracy target TOKENS_PER_SAMPLE on
        // the v5.1 results pages (for one, closed/NVIDIA/results/B200-SXM-180GBx8_TRT/summary.html).
        Assert.Equal(8_313, rows.Length);
        Assert.Equal(616.212, 0.9 * rows.Average(r => r.Output), 0.01);   // 616.216: the target rounds the reference mean
        Assert.All(rows, r => Assert.InRange(r.Prompt, 1, 20_000));

        // Not an independent figure: the mean prompt the scenario quotes, pinned so that a changed copy is seen.
        Assert.Equal(9428.64, rows.Average(r => r.Prompt), 2);
    }

    [Fact]
    public void Llama2_openorca_set_has_the_reference_size_and_the_mean_prompt_the_fit_uses()
    {
        var rows = Rows("llama2-70b-openorca-lengths.csv");

        // 24,576 samples (--total-sample-count in mlcommons/inference language/llama2-70b/README.md), prompts filtered
        // to at most 1,024 tokens.
        Assert.Equal(24_576, rows.Length);
        Assert.All(rows, r => Assert.InRange(r.Prompt, 1, 1024));
        Assert.Equal(MlperfEstimate.DatasetMeanPromptTokens, rows.Average(r => r.Prompt), 2);

        // The reader the scenarios use sees the same column.
        var reader = EmpiricalSize.FromCsv(RepoPaths.File("scenarios", "traces", "mlperf", "llama2-70b-openorca-lengths.csv"), "input_length");
        Assert.Equal(rows.Average(r => r.Prompt), reader.Mean, 9);
    }
}
