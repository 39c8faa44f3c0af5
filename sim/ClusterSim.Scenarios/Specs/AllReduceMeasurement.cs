namespace ClusterSim.Scenarios;

/// <summary>
/// An all-reduce benchmark measured on one node of an accelerator (nccl-tests' all_reduce_perf, in place): the bus
/// bandwidth it reached at each message size, over <paramref name="Gpus"/> accelerators. Bus bandwidth is the
/// algorithm bandwidth times 2(n - 1)/n, so one curve stands for the other group sizes in the node too.
/// </summary>
/// <param name="Gpus">Accelerators the benchmark ran on.</param>
/// <param name="Bytes">Message sizes, ascending.</param>
/// <param name="BusGbs">Bus bandwidth at each size, GB/s.</param>
public sealed record AllReduceMeasurement(int Gpus, IReadOnlyList<double> Bytes, IReadOnlyList<double> BusGbs);
