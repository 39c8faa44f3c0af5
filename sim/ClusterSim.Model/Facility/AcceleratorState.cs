namespace ClusterSim.Model.Facility;

/// <summary>What an accelerator is doing, for its power draw.</summary>
public enum AcceleratorState
{
    /// <summary>Powered and ready (model loaded), running nothing: idle power. The default.</summary>
    Idle = 0,

    /// <summary>Running an iteration: power between memory-bound and compute-bound figures.</summary>
    Busy = 1,

    /// <summary>Parked in its deepest low-power state (autoscaled away); must cold-start to serve.</summary>
    Sleep = 2,
}
