namespace ClusterSim.Model.Serving.Requests;

public enum RequestState : byte
{
    Waiting,
    Prefilling,
    Transferring,
    Decoding,
    Completed,
    Dropped,
}
