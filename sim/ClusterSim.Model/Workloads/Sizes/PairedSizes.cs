using ClusterSim.Engine.Randomness;

namespace ClusterSim.Model.Workloads.Sizes;

/// <summary>
/// Prompt and output lengths drawn as pairs, one dataset sample a request: a uniform row of two columns of the same
/// CSV file. Drawing the columns apart would pair a long prompt with any output, and the context held through the decodes
/// would be the mean prompt's, where it is the output-weighted one (MLPerf's Llama-3.1-405B set, whose long prompts have
/// shorter answers: 9,193 tokens paired, 9,429 apart; its Mixtral set, whose short MBXP prompts have short answers:
/// 438.6 paired, 427.4 apart).
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
    }

    /// <summary>The two columns of one CSV file, each times its scale and rounded, row by row (<see cref="EmpiricalSize.FromCsv"/>).</summary>
    public static PairedSizes FromCsv(string path, string promptColumn, double promptScale, string outputColumn, double outputScale)
        => new(EmpiricalSize.FromCsv(path, promptColumn, promptScale).Values, EmpiricalSize.FromCsv(path, outputColumn, outputScale).Values);

    public (int Prompt, int Output) Sample(SimRandom rng)
    {
        var row = rng.Next(_prompt.Length);
        return (Math.Max(1, _prompt[row]), Math.Max(1, _output[row]));
    }

    // Spelt out rather than the interface's default, which would dispatch to Sample a second time on every request.
    public (int Prompt, int Output, long[]? PrefixHashes) SampleRequest(SimRandom rng)
    {
        var (prompt, output) = Sample(rng);
        return (prompt, output, null);
    }
}
