using System.CommandLine;
using System.Globalization;
using System.Reflection;
using ClusterSim.Analysis.Jobs;
using ClusterSim.Analysis.Sweeps;

namespace ClusterSim.Cli;

/// <summary>
/// The options that turn a sharded command (sweep, fleet) into scheduler jobs instead of running it:
/// <c>--slurm</c> (job-array and merge scripts; <c>--submit</c> hands them to sbatch) and
/// <c>--emit k8s</c> (an Indexed Job and a merge Job), with the settings each passes through.
/// A command that does not shard (plan) takes only <c>--slurm</c>, <c>--submit</c> and the Slurm
/// settings, and becomes one job.
/// </summary>
internal sealed class JobOptions
{
    private readonly Option<bool> _slurm = new("--slurm") { Description = "Write a Slurm job array (task i runs --shard i/N) and a merge job depending on it (afterok), under OUT/slurm/, instead of running here." };
    private readonly Option<bool> _submit = new("--submit") { Description = "With --slurm: submit both with sbatch and print the job ids." };
    private readonly Option<int?> _shards = new("--shards") { Description = "Tasks in the job array, N (default: one per point, or per cluster of a fleet).", HelpName = "N" };
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition (#SBATCH --partition)." };
    private readonly Option<string?> _account = new("--account") { Description = "Slurm account (#SBATCH --account)." };
    private readonly Option<string?> _time = new("--time") { Description = "Time limit per task, in Slurm's syntax (e.g. 2:00:00)." };
    private readonly Option<string?> _mem = new("--mem") { Description = "Memory per task: Slurm's --mem (8G) or, with --emit k8s, a Kubernetes quantity (8Gi)." };
    private readonly Option<int?> _cpus = new("--cpus-per-task") { Description = "CPUs per task (runs in parallel within a shard); default 1." };
    private readonly Option<string?> _cli = new("--cli") { Description = "How a compute node or pod starts clustersim, e.g. 'dotnet /opt/clustersim/clustersim.dll' (default for Slurm: this very program; for k8s: clustersim on the image's PATH).", HelpName = "COMMAND" };
    private readonly Option<string?> _emit = new("--emit") { Description = "k8s: write an Indexed Job manifest (JOB_COMPLETION_INDEX as the shard) and a merge Job under OUT/k8s/, instead of running here.", HelpName = "k8s" };
    private readonly Option<string?> _image = new("--image") { Description = "With --emit k8s: the container image holding clustersim." };
    private readonly Option<string?> _claim = new("--volume-claim") { Description = "With --emit k8s: the PersistentVolumeClaim holding the scenario and receiving the results." };
    private readonly Option<string> _mount = new("--mount") { Description = "With --emit k8s: where the claim is mounted (the pods work there).", DefaultValueFactory = _ => "/data" };
    private readonly bool _sharded;

    public JobOptions(bool sharded = true)
    {
        _sharded = sharded;
        if (!sharded)
        {
            _slurm.Description = "Write a Slurm batch script that runs this command as one job (OUT/slurm/), instead of running here.";
            _submit.Description = "With --slurm: submit it with sbatch and print the job id.";
            _time.Description = "Time limit of the job, in Slurm's syntax (e.g. 2:00:00).";
            _mem.Description = "Memory of the job, in Slurm's syntax (e.g. 8G).";
            _cpus.Description = "CPUs of the job (the command's --parallel); default 1.";
            _cli.Description = "How a compute node starts clustersim, e.g. 'dotnet /opt/clustersim/clustersim.dll' (default: this very program).";
        }
    }

    public void AddTo(Command command)
    {
        Option[] all = _sharded
            ? [_slurm, _submit, _shards, _partition, _account, _time, _mem, _cpus, _cli, _emit, _image, _claim, _mount]
            : [_slurm, _submit, _partition, _account, _time, _mem, _cpus, _cli];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Whether the command line asks for scheduler jobs rather than a run here; checks the combinations.</summary>
    public bool Requested(ParseResult parsed, string? shard)
    {
        var slurm = parsed.GetValue(_slurm);
        var emit = _sharded ? parsed.GetValue(_emit) : null;
        if (emit is not null && emit != "k8s")
        {
            throw new SweepInputException($"--emit {emit}: the only target is k8s (Kubernetes Indexed Jobs); for Slurm use --slurm");
        }

        if (parsed.GetValue(_submit) && !slurm)
        {
            throw new SweepInputException("--submit submits the Slurm scripts: add --slurm");
        }

        var any = slurm || emit is not null;
        if (any && shard is not null)
        {
            throw new SweepInputException($"--shard {shard} runs one shard here; --slurm and --emit write jobs that run every shard (leave --shard out)");
        }

        if (!any && _sharded && parsed.GetValue(_shards) is not null)
        {
            throw new SweepInputException("--shards sets the size of the job array of --slurm or --emit k8s; to run one slice here, use --shard i/N");
        }

        if (parsed.GetValue(_cpus) is < 1)
        {
            throw new SweepInputException("--cpus-per-task: expected 1 or more");
        }

        return any;
    }

    /// <summary>N: <c>--shards</c>, or <paramref name="units"/> (points or clusters), checked to be 1 to <paramref name="units"/>.</summary>
    public int Count(ParseResult parsed, int units, string noun)
    {
        var n = parsed.GetValue(_shards) ?? units;
        return n >= 1 && n <= units
            ? n
            : throw new SweepInputException(string.Create(CultureInfo.InvariantCulture, $"--shards {n}: expected 1 to {units} (there are {units} {noun}; a task without one would do nothing)"));
    }

    /// <summary>The Slurm settings as given, checked before any script is written.</summary>
    private SlurmOptions Slurm(ParseResult parsed)
        => new SlurmOptions(parsed.GetValue(_partition), parsed.GetValue(_time), parsed.GetValue(_mem), parsed.GetValue(_cpus), parsed.GetValue(_account)).Checked();

    /// <summary>The CPU count a task gets.</summary>
    public int Cpus(ParseResult parsed) => parsed.GetValue(_cpus) ?? 1;

    /// <summary>
    /// Writes the scripts or manifests (and submits, with --submit) and prints where everything is.
    /// <paramref name="forSlurm"/> uses absolute paths (tasks start wherever Slurm puts them);
    /// <paramref name="forPods"/> the paths as typed, relative to the volume the pods work in.
    /// </summary>
    public int Write(ParseResult parsed, JobArray forSlurm, JobArray forPods, string localOut, string results, TextWriter stdout)
    {
        if (parsed.GetValue(_slurm))
        {
            var options = Slurm(parsed);
            var cli = Cli(parsed);
            var (shards, merge) = SlurmScripts.Write(forSlurm, options, cli, Directory.GetCurrentDirectory());
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {shards} (array of {forSlurm.Count} task(s)) and {merge}"));
            if (parsed.GetValue(_submit))
            {
                var ids = Sbatch.Submit(shards, merge);
                stdout.WriteLine($"submitted array job {ids.ArrayJobId} ({forSlurm.Count} task(s)) and merge job {ids.MergeJobId} (runs after every task succeeds)");
                stdout.WriteLine($"results will land in {forSlurm.OutputDirectory} ({results}); logs in {Path.Combine(forSlurm.OutputDirectory, SlurmScripts.Folder, "logs")}");
                stdout.WriteLine($"if a task fails, the merge is cancelled: 'clustersim merge {forSlurm.OutputDirectory}' names the failed shards and the command re-running only those");
            }
            else
            {
                stdout.WriteLine($"submit: sbatch --dependency=afterok:$(sbatch --parsable {ShellWords(shards)}) --kill-on-invalid-dep=yes {ShellWords(merge)}");
                stdout.WriteLine($"results will land in {forSlurm.OutputDirectory} ({results})");
            }
        }

        if (parsed.GetValue(_emit) is not null)
        {
            var image = parsed.GetValue(_image) ?? throw new SweepInputException("--emit k8s needs --image (the container image holding clustersim)");
            var claim = parsed.GetValue(_claim) ?? throw new SweepInputException("--emit k8s needs --volume-claim (the PersistentVolumeClaim holding the scenario and the results)");
            var options = new KubernetesOptions(image, claim, parsed.GetValue(_mount) ?? "/data", null, Cpus(parsed), parsed.GetValue(_mem));
            var (shards, merge) = KubernetesJobs.Write(forPods, options, parsed.GetValue(_cli) ?? "clustersim", Path.Combine(localOut, KubernetesJobs.Folder));
            stdout.WriteLine($"wrote {shards} (Indexed Job, {forPods.Count} completions) and {merge}");
            stdout.WriteLine($"run: kubectl apply -f {shards} && kubectl wait --for=condition=complete --timeout=24h job/{KubernetesJobs.JobName(forPods, "shards")} && kubectl apply -f {merge}");
            stdout.WriteLine($"results will land in {forPods.OutputDirectory} on the volume {claim} ({results})");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Writes the one-job script of an unsharded command (and submits it, with --submit) and prints
    /// where everything is. Paths in <paramref name="job"/> are absolute: the job starts wherever Slurm puts it.
    /// </summary>
    public int WriteSingle(ParseResult parsed, SlurmJob job, string results, TextWriter stdout)
    {
        var options = Slurm(parsed);
        var cli = Cli(parsed);
        var script = SlurmScripts.WriteSingle(job, options, cli, Directory.GetCurrentDirectory());
        stdout.WriteLine($"wrote {script} (one job)");
        if (parsed.GetValue(_submit))
        {
            var id = Sbatch.SubmitOne(script);
            stdout.WriteLine($"submitted job {id}");
            stdout.WriteLine($"results will land in {job.OutputDirectory} ({results}); log in {Path.Combine(job.OutputDirectory, SlurmScripts.Folder, "logs", job.Command + ".out")}");
        }
        else
        {
            stdout.WriteLine($"submit: sbatch {ShellWords(script)}");
            stdout.WriteLine($"results will land in {job.OutputDirectory} ({results})");
        }

        return ExitCodes.Ok;
    }

    private string Cli(ParseResult parsed)
        => parsed.GetValue(_cli) ?? DefaultCli()
           ?? throw new SweepInputException("--cli is needed: this process is not the clustersim program, so say how a compute node starts it (e.g. --cli 'dotnet /opt/clustersim/clustersim.dll')");

    private static string ShellWords(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;

    /// <summary>This program as a compute node would start it: the apphost, or <c>dotnet ClusterSim.Cli.dll</c>; null when the process is not clustersim (a test host).</summary>
    private static string? DefaultCli()
    {
        var entry = Assembly.GetEntryAssembly();
        if (entry?.GetName().Name != "clustersim" || Environment.ProcessPath is not { } process)
        {
            return null;
        }

        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{ShellWords(process)} {ShellWords(entry.Location)}"
            : ShellWords(process);
    }
}
