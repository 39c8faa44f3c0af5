using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// Prompt and output lengths drawn as pairs, one dataset sample a request: a uniform row of two columns of the same
/// CSV file. Drawing the columns apart would pair a long prompt with any output; a dataset whose long prompts have short
/// answers (summaries, few-shot maths) holds less context through its decodes than that (MLPerf's Llama-3.1-405B set:
/// a decoding sequence's prompt averages 9,193 tokens paired, 9,429 apart).
/// </summary>
public sealed class PairedSizes : ISizePair
{
    private readonly int[] _prompt;
    private readonly int[] _output;

    public PairedSizes(IReadOnlyList<int> prompt, IReadOnlyList<int> output)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(output);
        if (prompt.Count == 0 || prompt.Count != output.Count)
        {
            throw new ArgumentException($"paired lengths need as many outputs as prompts, at least one: {prompt.Count} prompts, {output.Count} outputs");
        }

        _prompt = [.. prompt];
        _output = [.. output];
        MeanPrompt = _prompt.Average();
        MeanOutput = _output.Average();
    }

    /// <summary>The two columns of one CSV file, each times its scale and rounded, row by row (<see cref="EmpiricalSize.FromCsv"/>).</summary>
    public static PairedSizes FromCsv(string path, string promptColumn, double promptScale, string outputColumn, double outputScale)
        => new(EmpiricalSize.FromCsv(path, promptColumn, promptScale).Values, EmpiricalSize.FromCsv(path, outputColumn, outputScale).Values);

    public double MeanPrompt { get; }

    public double MeanOutput { get; }

    public (int Prompt, int Output) Sample(SimRandom rng)
    {
        var row = rng.Next(_prompt.Length);
        return (Math.Max(1, _prompt[row]), Math.Max(1, _output[row]));
    }
}
