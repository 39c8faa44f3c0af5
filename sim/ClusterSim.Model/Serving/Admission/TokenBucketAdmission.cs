using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Admission;

/// <summary>
/// Admission <c>token_bucket</c>: a bucket of <c>burst</c> tokens refilled at <c>rate</c> per second; a request takes
/// one token or is refused. Starts full. One bucket per pool.
/// </summary>
internal sealed class TokenBucketAdmission : IAdmissionPolicy
{
    private readonly double _ratePerNs;
    private readonly double _burst;
    private double _tokens;
    private long _lastNs;

    public TokenBucketAdmission(double rate, int burst)
    {
        if (!(rate > 0) || burst < 1)
        {
            throw new ArgumentException($"token_bucket needs rate > 0 and burst >= 1, got rate {rate}, burst {burst}");
        }

        _ratePerNs = rate / 1e9;
        _burst = burst;
        _tokens = burst;
    }

    public string Name => "token_bucket";

    public bool Admit(TextRequest request, IReplicaView replica, long nowNs)
    {
        _tokens = Math.Min(_burst, _tokens + (nowNs - _lastNs) * _ratePerNs);
        _lastNs = nowNs;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
