using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterSim.Scenarios.Policies;

/// <summary>
/// What an engine version says about the engine: for vLLM, its generation (<see cref="EngineGeneration"/>). A scenario
/// writes the version it runs (<c>execution_model.engine_version</c>), an efficiency entry the version it was fitted on
/// (<c>engine_version</c>), so a cost fitted on one engine is charged to another by a stated rule.
/// </summary>
public static class EngineVersions
{
    /// <summary>A version as a scenario or an efficiency file writes it: 0.6.4, 0.10.2, 0.9.1+rocm, or v0 / v1.</summary>
    public const string Pattern = @"^([vV][01]|[0-9]+\.[0-9]+(\.[0-9]+)?([+.-][A-Za-z0-9.+-]*)?)$";

    /// <summary>What <see cref="Pattern"/> accepts, in words, for an error message.</summary>
    public const string PatternHint = "expected an engine version such as 0.6.4 or 0.10.2, or v0 / v1 for vLLM's engine generation";

    /// <summary>The first vLLM release whose default engine is V1.</summary>
    public static readonly Version FirstV1 = new(0, 8);

    /// <summary>True when <paramref name="version"/> is written as <see cref="Pattern"/> asks.</summary>
    public static bool IsValid(string version) => Regex.IsMatch(version, Pattern);

    /// <summary>True for the stacks whose engine is vLLM (<c>vllm</c>, and any <c>vllm-*</c> a catalog adds).</summary>
    public static bool IsVllm(string? stack)
        => stack is not null && (stack == "vllm" || stack.StartsWith("vllm-", StringComparison.Ordinal));

    /// <summary>
    /// The vLLM engine generation of <paramref name="version"/> run with <paramref name="schedulerSteps"/> decode steps a
    /// scheduling round: v0 / v1 as written; a release before 0.8, V0; from 0.8, V1, unless it schedules more than one
    /// step a round, which only V0 does (0.8 to 0.10 keep V0 behind VLLM_USE_V1=0). With no version, V0 where the
    /// rounds say so, else not known. Not vLLM (<paramref name="stack"/>): not known.
    /// </summary>
    public static EngineGeneration Generation(string? stack, string? version, int schedulerSteps)
    {
        if (!IsVllm(stack))
        {
            return EngineGeneration.Unknown;
        }

        if (schedulerSteps > 1)
        {
            return EngineGeneration.V0;
        }

        if (string.IsNullOrEmpty(version) || !IsValid(version))
        {
            return EngineGeneration.Unknown;
        }

        if (version.Length == 2)
        {
            return version[1] == '0' ? EngineGeneration.V0 : EngineGeneration.V1;
        }

        var parts = version.Split('.', 3);
        var major = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minor = int.Parse(new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
        return new Version(major, minor) < FirstV1 ? EngineGeneration.V0 : EngineGeneration.V1;
    }

    /// <summary>How a run names <paramref name="generation"/>: "vLLM V0", "vLLM V1".</summary>
    public static string Name(EngineGeneration generation) => generation switch
    {
        EngineGeneration.V0 => "vLLM V0",
        EngineGeneration.V1 => "vLLM V1",
        _ => "an engine of unknown generation",
    };
}
