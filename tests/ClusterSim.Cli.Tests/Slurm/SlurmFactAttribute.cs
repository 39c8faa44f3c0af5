namespace ClusterSim.Cli.Tests.Slurm;

/// <summary>
/// A test that needs a real Slurm (Debian's slurm-wlm and munge, run as root). On CI (CI=true),
/// where .ci/run installs them, or wherever the binaries exist, the test runs and fails with the
/// reason when the daemons cannot start; elsewhere it is skipped, saying why.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !LocalSlurm.BinariesPresent)
        {
            Skip = $"Slurm is not installed here ({string.Join(", ", LocalSlurm.Binaries)}: apt-get install slurm-wlm munge; .ci/run installs them on CI)";
        }
        else if (!ci && Environment.UserName != "root")
        {
            Skip = "the one-node Slurm of this test runs its daemons as root (SlurmUser=root); run as root, as CI does";
        }
    }
}
