namespace ClusterSim.Model.Tests.Workloads;

/// <summary>
/// Tests that read the process-wide heap size: xunit runs this collection alone, after the
/// parallel ones, so other tests' allocations do not count against them.
/// </summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement;
