using ClusterSim.Analysis.Jobs;
using YamlDotNet.RepresentationModel;

namespace ClusterSim.Analysis.Tests.Jobs;

public sealed class JobScriptTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clustersim-jobs-" + Guid.NewGuid().ToString("N"));

    private static JobArray Job(string dir, int count = 4) => new(
        "chat sweep",
        count,
        dir,
        "shard",
        ["sweep", "/s/it's.yaml", "--set", "a.b=1,2", "--parallel", JobArray.ThreadsToken, "--shard", JobArray.ShardToken, "--out", dir],
        ["merge", dir, "--out", dir, "--force"]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Slurm_array_script_runs_the_task_id_as_the_shard_with_the_pass_through_settings()
    {
        var text = SlurmScripts.Shards(Job("/r/out"), new SlurmOptions("gpu", "2:00:00", "8G", 4, "lab"), "dotnet /opt/cs/clustersim.dll", "/home/u");
        var lines = text.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var d in new[] { "--array=0-3", "--partition=gpu", "--time=2:00:00", "--mem=8G", "--cpus-per-task=4", "--account=lab", "--chdir=/home/u", "--output=/r/out/slurm/logs/shard-%a.out" })
        {
            Assert.Contains("#SBATCH " + d, lines);
        }

        // The single quote in the path is closed, escaped and reopened; the shard comes from the array index.
        Assert.Contains("dotnet /opt/cs/clustersim.dll sweep '/s/it'\\''s.yaml' --set a.b=1,2 --parallel \"${SLURM_CPUS_PER_TASK:-1}\" --shard \"$I/$N\" --out /r/out", lines);
        Assert.Contains("N=4", lines);
        Assert.Contains(lines, l => l.StartsWith("I=\"${SLURM_ARRAY_TASK_ID:?", StringComparison.Ordinal));
    }

    [Fact]
    public void Slurm_script_runs_under_bash_and_a_failed_task_leaves_a_failed_note_for_merge()
    {
        Directory.CreateDirectory(_folder);
        var job = Job(_folder, 3) with { ShardArguments = ["--shard", JobArray.ShardToken] };
        var script = Path.Combine(_folder, "shards.sbatch");

        // A stand-in CLI that fails for shard 1 only, so the script's own bookkeeping is what is checked.
        File.WriteAllText(script, SlurmScripts.Shards(job, new SlurmOptions(), "fake() { [ \"$2\" != 1/3 ]; }; fake", _folder));
        foreach (var (task, code) in new[] { (0, 0), (1, 1) })
        {
            var info = new System.Diagnostics.ProcessStartInfo("bash", [script]) { RedirectStandardError = true };
            info.Environment["SLURM_ARRAY_TASK_ID"] = task.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["SLURM_ARRAY_JOB_ID"] = "77";
            using var p = System.Diagnostics.Process.Start(info)!;
            p.WaitForExit();
            Assert.Equal(code, p.ExitCode);
        }

        Assert.False(File.Exists(Path.Combine(_folder, "shard-0-of-3.failed")));
        var note = File.ReadAllText(Path.Combine(_folder, "shard-1-of-3.failed"));
        Assert.StartsWith("exit 1 on ", note);
        Assert.Contains("(job 77_1)", note);
    }

    [Fact]
    public void Merge_names_failed_and_missing_shards_and_one_sbatch_command_reruns_only_those()
    {
        var job = Job(_folder, 6);
        SlurmScripts.Write(job, new SlurmOptions(), "clustersim", _folder);
        File.WriteAllText(Path.Combine(_folder, "shard-2-of-6.failed"), "exit 137 on node7 (job 9_2); log: x\n");
        var lines = ShardGaps.Describe([2, 5], 6, "shard", _folder, "sweep");
        Assert.Equal(
            [
                "shard 2/6 failed: exit 137 on node7 (job 9_2); log: x",
                "shard 5/6 is missing (shard-5-of-6.json)",
                $"re-run only these shards and merge again: sbatch --dependency=afterok:$(sbatch --parsable --array=2,5 {_folder}/slurm/shards.sbatch) {_folder}/slurm/merge.sbatch",
            ],
            lines);
        Assert.Empty(ShardGaps.Describe([], 6, "shard", _folder, "sweep"));
    }

    [Fact]
    public void Submit_chains_the_merge_on_the_array_with_afterok_and_reads_parsable_ids()
    {
        var calls = new List<string>();
        var next = 41;
        var ids = Sbatch.Submit("a.sbatch", "m.sbatch", (program, args) =>
        {
            calls.Add(program + " " + string.Join(' ', args));
            return (0, $"notice: site banner\n{++next};clusterA\n", "");
        });
        Assert.Equal(new SlurmSubmission("42", "43"), ids);
        Assert.Equal(["sbatch --parsable a.sbatch", "sbatch --parsable --dependency=afterok:42 --kill-on-invalid-dep=yes m.sbatch"], calls);

        var failed = Assert.Throws<IOException>(() => Sbatch.Submit("a.sbatch", "m.sbatch", (_, _) => (1, "", "sbatch: error: invalid partition specified: gpu\n")));
        Assert.Equal("sbatch a.sbatch failed (exit 1): sbatch: error: invalid partition specified: gpu", failed.Message);
        Assert.Throws<IOException>(() => Sbatch.ParseJobId("Submitted batch job\n"));
    }

    [Fact]
    public void Indexed_job_manifest_has_the_fields_the_batch_v1_job_schema_requires()
    {
        var job = Job("out/sw", 8);
        var options = new KubernetesOptions("registry.example/clustersim:0.1", "sim-data", "/data", Parallelism: 3, Cpus: 2, Memory: "4Gi");
        var shards = Parse(KubernetesJobs.Shards(job, options, "clustersim"));
        Assert.Equal("batch/v1", S(shards, "apiVersion"));
        Assert.Equal("Job", S(shards, "kind"));
        Assert.Equal("clustersim-chat-sweep-shards", S(shards, "metadata", "name"));
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", S(shards, "metadata", "name"));
        Assert.Equal("8", S(shards, "spec", "completions"));
        Assert.Equal("3", S(shards, "spec", "parallelism"));
        Assert.Equal("Indexed", S(shards, "spec", "completionMode"));
        Assert.Equal("Never", S(shards, "spec", "template", "spec", "restartPolicy"));
        var container = (YamlMappingNode)((YamlSequenceNode)Node(shards, "spec", "template", "spec", "containers"))[0];
        Assert.Equal("registry.example/clustersim:0.1", S(container, "image"));
        Assert.Equal("/data", S(container, "workingDir"));
        Assert.Equal("2", S(container, "resources", "requests", "cpu"));
        Assert.Equal("4Gi", S(container, "resources", "requests", "memory"));
        var command = ((YamlSequenceNode)Node(container, "command")).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["/bin/sh", "-c", "clustersim sweep '/s/it'\\''s.yaml' --set a.b=1,2 --parallel 2 --shard \"$JOB_COMPLETION_INDEX/8\" --out out/sw"], command);
        var mount = (YamlMappingNode)((YamlSequenceNode)Node(container, "volumeMounts"))[0];
        var volume = (YamlMappingNode)((YamlSequenceNode)Node(shards, "spec", "template", "spec", "volumes"))[0];
        Assert.Equal(S(mount, "name"), S(volume, "name"));
        Assert.Equal("sim-data", S(volume, "persistentVolumeClaim", "claimName"));

        var merge = Parse(KubernetesJobs.Merge(job, options, "clustersim"));
        Assert.Equal("Job", S(merge, "kind"));
        Assert.Equal("1", S(merge, "spec", "completions"));
        Assert.False(((YamlMappingNode)Node(merge, "spec")).Children.ContainsKey(new YamlScalarNode("completionMode")));
        Assert.Equal("Never", S(merge, "spec", "template", "spec", "restartPolicy"));
        var mergeCommand = ((YamlSequenceNode)Node((YamlMappingNode)((YamlSequenceNode)Node(merge, "spec", "template", "spec", "containers"))[0], "command"))[2];
        Assert.Equal("clustersim merge out/sw --out out/sw --force", ((YamlScalarNode)mergeCommand).Value);
    }

    [Fact]
    public void Job_names_are_cut_to_63_characters_of_dns_labels()
    {
        var name = KubernetesJobs.JobName(Job("o") with { Name = new string('X', 80) + "_Ünï" }, "shards");
        Assert.True(name.Length <= 63, name);
        Assert.EndsWith("-shards", name);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
    }

    [Fact]
    public void A_single_job_script_passes_the_settings_through_and_gives_its_cpus_to_the_command()
    {
        var job = new SlurmJob("chat plan", "plan", "/r/out", ["plan", "/s/it's.yaml", "--slo", "ttft_p99=1s", "--parallel", JobArray.ThreadsToken, "--out", "/r/out"]);
        var lines = SlurmScripts.Single(job, new SlurmOptions("cpu", "3:00:00", "16G", 8, "lab"), "dotnet /opt/cs/clustersim.dll", "/home/u").Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var d in new[] { "--job-name=clustersim-chat-plan-plan", "--partition=cpu", "--time=3:00:00", "--mem=16G", "--cpus-per-task=8", "--account=lab", "--chdir=/home/u", "--output=/r/out/slurm/logs/plan.out" })
        {
            Assert.Contains("#SBATCH " + d, lines);
        }

        // One job: no array directive, no shard; the command's exit code is the job's.
        Assert.DoesNotContain(lines, l => l.StartsWith("#SBATCH --array", StringComparison.Ordinal));
        Assert.Contains("exec dotnet /opt/cs/clustersim.dll plan '/s/it'\\''s.yaml' --slo ttft_p99=1s --parallel \"${SLURM_CPUS_PER_TASK:-1}\" --out /r/out", lines);
    }

    [Fact]
    public void A_single_job_script_runs_under_bash_with_the_job_cpus_and_its_exit_code()
    {
        Directory.CreateDirectory(_folder);
        // A stand-in CLI that succeeds only when given the job's CPU count, so the script's own wiring is what is checked.
        var job = new SlurmJob("p", "plan", _folder, ["--parallel", JobArray.ThreadsToken]);
        var script = SlurmScripts.WriteSingle(job, new SlurmOptions(), "bash -c '[ \"$2\" = 3 ] && exit 0; exit 4' stand-in", _folder);
        Assert.Equal(Path.Combine(_folder, "slurm", "plan.sbatch"), script);
        Assert.True(Directory.Exists(Path.Combine(_folder, "slurm", "logs")));
        foreach (var (cpus, code) in new[] { ("3", 0), ("2", 4) })
        {
            var info = new System.Diagnostics.ProcessStartInfo("bash", [script]);
            info.Environment["SLURM_CPUS_PER_TASK"] = cpus;
            using var p = System.Diagnostics.Process.Start(info)!;
            p.WaitForExit();
            Assert.Equal(code, p.ExitCode);
        }
    }

    [Fact]
    public void Submitting_one_job_reads_its_parsable_id()
    {
        var calls = new List<string>();
        var id = Sbatch.SubmitOne("p.sbatch", (program, args) =>
        {
            calls.Add(program + " " + string.Join(' ', args));
            return (0, "77;clusterA\n", "");
        });
        Assert.Equal("77", id);
        Assert.Equal(["sbatch --parsable p.sbatch"], calls);
    }

    [Fact]
    public void A_slurm_value_with_a_space_is_refused_rather_than_cut()
    {
        var ex = Assert.Throws<ArgumentException>(() => SlurmScripts.Shards(Job("/r"), new SlurmOptions(Partition: "gpu a"), "clustersim", "/w"));
        Assert.StartsWith("--partition 'gpu a': Slurm cannot take a space", ex.Message);
    }

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlNode Node(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static string S(YamlMappingNode root, params string[] path) => ((YamlScalarNode)Node(root, path)).Value!;

    [Theory]
    // sbatch(1), --time: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
    // "days-hours:minutes" and "days-hours:minutes:seconds"; UNLIMITED for no limit. --mem: a number with K, M, G or T.
    [InlineData("30", null, true)]
    [InlineData("30:00", null, true)]
    [InlineData("2:00:00", null, true)]
    [InlineData("1-12", null, true)]
    [InlineData("1-12:30", null, true)]
    [InlineData("1-12:30:00", null, true)]
    [InlineData("UNLIMITED", "8G", true)]
    [InlineData(null, "4096", true)]
    [InlineData("2h", null, false)]
    [InlineData("1:2:3:4", null, false)]
    [InlineData("-5", null, false)]
    [InlineData(null, "8GB", false)]
    [InlineData(null, "1.5G", false)]
    public void Slurm_settings_are_checked_against_sbatchs_own_forms(string? time, string? memory, bool accepted)
    {
        var options = new SlurmOptions(Time: time, Memory: memory);
        if (accepted)
        {
            Assert.Same(options, options.Checked());
        }
        else
        {
            var ex = Assert.Throws<ClusterSim.Analysis.Sweeps.SweepInputException>(() => options.Checked());
            Assert.Contains(time ?? memory!, ex.Message);
        }
    }
}
