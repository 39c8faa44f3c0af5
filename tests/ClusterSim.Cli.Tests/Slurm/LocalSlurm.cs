using System.Diagnostics;
using System.Globalization;

namespace ClusterSim.Cli.Tests.Slurm;

/// <summary>
/// A one-node Slurm in a temporary folder: a munge key and munged on its own socket, then slurmctld
/// and slurmd on localhost (2 CPUs, select/cons_tres, proctrack/linuxproc, task/none) with their
/// state, spool, logs and pid files in the folder. <see cref="Dispose"/> stops exactly the daemons
/// it started, by the pids they wrote. Commands (sbatch, scontrol) find it through SLURM_CONF.
/// </summary>
internal sealed class LocalSlurm : IDisposable
{
    public static readonly string[] Binaries = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/scontrol"];

    private readonly List<string> _pidFiles = [];

    public LocalSlurm()
    {
        Folder = Path.Combine(Path.GetTempPath(), "clustersim-slurm-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var d in new[] { "state", "spool", "log" })
        {
            Directory.CreateDirectory(Path.Combine(Folder, d));
        }

        Config = Path.Combine(Folder, "slurm.conf");
    }

    public static bool BinariesPresent => Binaries.All(File.Exists);

    public string Folder { get; }

    public string Config { get; }

    /// <summary>Starts the daemons and waits until the node is idle; fails the test with the logs when it cannot.</summary>
    public void Start()
    {
        var missing = Binaries.Where(b => !File.Exists(b)).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"Slurm cannot start: {string.Join(", ", missing)} missing (apt-get install -y slurm-wlm munge; .ci/run does this on CI)");
        }

        var key = Path.Combine(Folder, "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        if (!OperatingSystem.IsWindows())
        {
            // munged refuses a key others can read.
            File.SetUnixFileMode(key, UnixFileMode.UserRead);
        }
        var socket = Path.Combine(Folder, "munge.sock");
        Daemon("/usr/sbin/munged", "munged.pid", $"--key-file={key}", $"--socket={socket}", $"--pid-file={P("munged.pid")}", $"--log-file={P("log/munged.log")}", $"--seed-file={P("munge.seed")}", "--force");

        // Ports away from the defaults (6817/6818) so a Slurm already on the machine is not disturbed.
        var port = 20000 + Random.Shared.Next(0, 20000);
        File.WriteAllText(Config, string.Join('\n',
            "ClusterName=clustersimtest",
            "SlurmctldHost=localhost",
            string.Create(CultureInfo.InvariantCulture, $"SlurmctldPort={port}"),
            string.Create(CultureInfo.InvariantCulture, $"SlurmdPort={port + 1}"),
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            $"AuthInfo=socket={socket}",
            "CryptoType=crypto/munge",
            $"StateSaveLocation={P("state")}",
            $"SlurmdSpoolDir={P("spool")}",
            $"SlurmctldPidFile={P("slurmctld.pid")}",
            $"SlurmdPidFile={P("slurmd.pid")}",
            $"SlurmctldLogFile={P("log/slurmctld.log")}",
            $"SlurmdLogFile={P("log/slurmd.log")}",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "SchedulerType=sched/builtin",
            "JobCompType=jobcomp/none",
            "AccountingStorageType=accounting_storage/none",
            "MpiDefault=none",
            "ReturnToService=2",
            "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN",
            "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
            ""));
        Environment.SetEnvironmentVariable("SLURM_CONF", Config);
        Daemon("/usr/sbin/slurmctld", "slurmctld.pid", "-f", Config);
        Daemon("/usr/sbin/slurmd", "slurmd.pid", "-f", Config, "-N", "localhost");

        var clock = Stopwatch.StartNew();
        var state = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            state = Run("/usr/bin/scontrol", "-o", "show", "node", "localhost").Out;
            if (state.Contains("State=IDLE", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(500);
        }

        Assert.Fail($"the one-node Slurm did not come up within 30 s (node: '{state.Trim()}'); logs:\n{Logs()}");
    }

    /// <summary>Waits until job <paramref name="id"/> (every task of an array) has ended; returns its final states.</summary>
    public IReadOnlyList<string> WaitFor(string id, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var (code, output, _) = Run("/usr/bin/scontrol", "-o", "show", "job", id);
            var states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ').FirstOrDefault(w => w.StartsWith("JobState=", StringComparison.Ordinal))?["JobState=".Length..] ?? "?")
                .ToList();
            if (code == 0 && states.Count > 0 && states.All(s => s is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY"))
            {
                return states;
            }

            Thread.Sleep(500);
        }

        Assert.Fail($"job {id} did not end within {limit.TotalSeconds} s; logs:\n{Logs()}");
        return [];
    }

    public string Logs()
        => string.Join('\n', Directory.GetFiles(Path.Combine(Folder, "log")).Order(StringComparer.Ordinal)
            .Select(f => $"--- {f}\n{string.Join('\n', File.ReadAllLines(f).TakeLast(15))}"));

    public void Dispose()
    {
        // Reverse order: slurmd, slurmctld, then munged, each by the pid it wrote.
        foreach (var file in Enumerable.Reverse(_pidFiles))
        {
            if (File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    using var p = Process.GetProcessById(pid);
                    p.Kill();
                    p.WaitForExit(10_000);
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        Environment.SetEnvironmentVariable("SLURM_CONF", null);
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still closing a log; the folder is in the temp directory.
        }
    }

    public static (int Code, string Out, string Err) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.GetAwaiter().GetResult());
    }

    private string P(string relative) => Path.Combine(Folder, relative);

    private void Daemon(string program, string pidFile, params string[] args)
    {
        _pidFiles.Add(P(pidFile));
        var (code, output, error) = Run(program, args);
        if (code != 0)
        {
            Assert.Fail($"{Path.GetFileName(program)} did not start (exit {code}): {output}{error}\nlogs:\n{Logs()}");
        }

        // The daemons fork and write their pid file shortly after; wait for it so Dispose can stop them.
        var clock = Stopwatch.StartNew();
        while (!File.Exists(P(pidFile)) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(100);
        }

        if (!File.Exists(P(pidFile)))
        {
            Assert.Fail($"{Path.GetFileName(program)} wrote no pid file in 10 s; logs:\n{Logs()}");
        }
    }
}
