using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClusterSim.Analysis.Jobs;

/// <summary>
/// A sharded run as Kubernetes Jobs (batch/v1): an Indexed Job of N completions whose pod i runs
/// shard <c>$JOB_COMPLETION_INDEX/N</c>, and a one-pod merge Job to apply once the first has
/// completed (<c>kubectl wait --for=condition=complete</c>): Kubernetes has no dependency between
/// Jobs. Both mount one PersistentVolumeClaim and work in it, so the paths in the commands are
/// relative to the volume. Strings are written JSON-quoted, which YAML reads as they are.
/// </summary>
public static class KubernetesJobs
{
    /// <summary>Folder of the manifests under the output directory.</summary>
    public const string Folder = "k8s";

    /// <summary>The Indexed Job running the shards.</summary>
    public static string Shards(JobArray job, KubernetesOptions options, string cli)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("# Written by clustersim: pod i runs shard i/").Append(job.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" (JOB_COMPLETION_INDEX); then: kubectl wait --for=condition=complete job/").Append(JobName(job, "shards"))
            .Append(" --timeout=24h && kubectl apply -f merge-job.yaml\n");
        Header(text, JobName(job, "shards"), job);
        text.Append("spec:\n");
        text.Append(CultureInfo.InvariantCulture, $"  completions: {job.Count}\n");
        text.Append(CultureInfo.InvariantCulture, $"  parallelism: {Math.Min(job.Count, options.Parallelism ?? job.Count)}\n");
        text.Append("  completionMode: Indexed\n");
        text.Append("  backoffLimit: ").Append((2 * job.Count).ToString(CultureInfo.InvariantCulture)).Append('\n');
        var command = ShellWords.Join(cli, job.ShardArguments, $"\"$JOB_COMPLETION_INDEX/{job.Count.ToString(CultureInfo.InvariantCulture)}\"", options.Cpus.ToString(CultureInfo.InvariantCulture));
        Template(text, "shard", command, options);
        return text.ToString();
    }

    /// <summary>The merge Job (one pod).</summary>
    public static string Merge(JobArray job, KubernetesOptions options, string cli)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("# Written by clustersim: combines the shard files; apply after job/").Append(JobName(job, "shards")).Append(" has completed.\n");
        Header(text, JobName(job, "merge"), job);
        text.Append("spec:\n");
        text.Append("  completions: 1\n");
        text.Append("  parallelism: 1\n");
        text.Append("  backoffLimit: 1\n");
        Template(text, "merge", ShellWords.Join(cli, job.MergeArguments, "", "1"), options with { Cpus = 1 });
        return text.ToString();
    }

    /// <summary>Writes <c>OUT/k8s/shards-job.yaml</c> and <c>merge-job.yaml</c>; returns their paths.</summary>
    /// <param name="folder">Where to write them (on this machine; <see cref="JobArray.OutputDirectory"/> is the path inside the pods).</param>
    public static (string Shards, string Merge) Write(JobArray job, KubernetesOptions options, string cli, string folder)
    {
        Directory.CreateDirectory(folder);
        var shards = Path.Combine(folder, "shards-job.yaml");
        var merge = Path.Combine(folder, "merge-job.yaml");
        File.WriteAllText(shards, Shards(job, options, cli));
        File.WriteAllText(merge, Merge(job, options, cli));
        return (shards, merge);
    }

    /// <summary>A DNS-1123 name: lower case letters, digits and '-', at most 63 characters (a Job name labels its pods).</summary>
    public static string JobName(JobArray job, string role)
    {
        ArgumentNullException.ThrowIfNull(job);
        var stem = new string(job.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var name = $"clustersim-{stem}";
        var max = 63 - role.Length - 1;
        return (name.Length > max ? name[..max].TrimEnd('-') : name) + "-" + role;
    }

    private static void Header(StringBuilder text, string name, JobArray job)
    {
        text.Append("apiVersion: batch/v1\n");
        text.Append("kind: Job\n");
        text.Append("metadata:\n");
        text.Append("  name: ").Append(name).Append('\n');
        text.Append("  labels:\n");
        text.Append("    app.kubernetes.io/name: clustersim\n");
        text.Append("    clustersim/run: ").Append(Q(JobName(job, "x")[..^2])).Append('\n');
    }

    private static void Template(StringBuilder text, string container, string command, KubernetesOptions options)
    {
        text.Append("  template:\n");
        text.Append("    spec:\n");
        text.Append("      restartPolicy: Never\n");
        text.Append("      containers:\n");
        text.Append("        - name: ").Append(container).Append('\n');
        text.Append("          image: ").Append(Q(options.Image)).Append('\n');
        text.Append("          workingDir: ").Append(Q(options.MountPath)).Append('\n');
        text.Append("          command: [\"/bin/sh\", \"-c\", ").Append(Q(command)).Append("]\n");
        text.Append("          resources:\n");
        text.Append("            requests:\n");
        text.Append("              cpu: ").Append(Q(options.Cpus.ToString(CultureInfo.InvariantCulture))).Append('\n');
        if (options.Memory is { } memory)
        {
            text.Append("              memory: ").Append(Q(memory)).Append('\n');
        }

        text.Append("          volumeMounts:\n");
        text.Append("            - name: data\n");
        text.Append("              mountPath: ").Append(Q(options.MountPath)).Append('\n');
        text.Append("      volumes:\n");
        text.Append("        - name: data\n");
        text.Append("          persistentVolumeClaim:\n");
        text.Append("            claimName: ").Append(Q(options.VolumeClaim)).Append('\n');
    }

    private static string Q(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
