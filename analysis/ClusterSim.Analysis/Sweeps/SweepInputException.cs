namespace ClusterSim.Analysis.Sweeps;

/// <summary>
/// Bad input to a sweep, a merge or a plan: a malformed <c>--set</c>, a scenario error at some
/// point of the grid, a bad shard spec, shards that do not belong together. Each message is
/// complete and located (<c>--set ARG:1:COL: ...</c> or <c>file: ...</c>); the CLI prints them and
/// exits 2. Nothing else is thrown for bad input.
/// </summary>
public sealed class SweepInputException : Exception
{
    public SweepInputException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public SweepInputException(string error)
        : this([error])
    {
    }

    public IReadOnlyList<string> Errors { get; }
}
