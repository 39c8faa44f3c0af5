using System.Diagnostics;

namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// Submits the two scripts with <c>sbatch --parsable</c>: the array first, then the merge with
/// <c>--dependency=afterok:ARRAY</c> and <c>--kill-on-invalid-dep=yes</c> (a failed task cancels the
/// merge instead of leaving it pending forever). The process call is a parameter so tests can
/// stand in for Slurm.
/// </summary>
public static class Sbatch
{
    /// <summary>Runs a program with arguments; returns exit code, standard output, standard error.</summary>
    public delegate (int Code, string Out, string Err) Runner(string program, IReadOnlyList<string> arguments);

    /// <summary>Starts the real program (<c>sbatch</c> on PATH); a missing program is an <see cref="IOException"/> saying so.</summary>
    public static Runner Process { get; } = RunProcess;

    /// <summary>Submits the array, then the merge depending on it.</summary>
    /// <exception cref="IOException">sbatch is missing, fails, or prints no job id.</exception>
    public static SlurmSubmission Submit(string shardsScript, string mergeScript, Runner? runner = null)
    {
        runner ??= Process;
        var array = JobId(runner("sbatch", ["--parsable", shardsScript]), shardsScript);
        var merge = JobId(runner("sbatch", ["--parsable", $"--dependency=afterok:{array}", "--kill-on-invalid-dep=yes", mergeScript]), mergeScript);
        return new SlurmSubmission(array, merge);
    }

    /// <summary>Submits one script (a command that runs as a single job); returns its job id.</summary>
    /// <exception cref="IOException">sbatch is missing, fails, or prints no job id.</exception>
    public static string SubmitOne(string script, Runner? runner = null)
        => JobId((runner ?? Process)("sbatch", ["--parsable", script]), script);

    /// <summary>
    /// The id in <c>--parsable</c> output: <c>12345</c> or <c>12345;cluster</c>, on the last
    /// non-empty line (site wrappers may print notices first).
    /// </summary>
    public static string ParseJobId(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var id = line.Split(';')[0];
        return id.Length > 0 && id.All(char.IsAsciiDigit) ? id : throw new IOException($"sbatch printed no job id (expected a number, got '{line}')");
    }

    private static string JobId((int Code, string Out, string Err) result, string script)
        => result.Code == 0
            ? ParseJobId(result.Out)
            : throw new IOException($"sbatch {script} failed (exit {result.Code}): {result.Err.Trim()}");

    private static (int, string, string) RunProcess(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(info) ?? throw new IOException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"cannot start {program} ({ex.Message}); --submit needs Slurm's sbatch on PATH (without --submit the scripts are written for you to submit)", ex);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
        }
    }
}
