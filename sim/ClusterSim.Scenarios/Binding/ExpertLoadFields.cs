using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>
/// Reads a measured router skew (a model's `load_cv` and `hottest_load`, a deployment's `expert_load: {cv, hottest}`)
/// and rejects figures no top-k router can produce.
/// </summary>
internal static class ExpertLoadFields
{
    public static (double Cv, double Hottest)? Read(Values v, MappingNode m, string cvKey, string hottestKey, int experts, int active)
    {
        if (!v.Has(m, cvKey))
        {
            v.Error(m.Get(hottestKey)!, $"{hottestKey} needs {cvKey}: give both figures of the measurement (standard deviation over mean, and the hottest over the mean)");
            return null;
        }

        if (v.Num(m, cvKey) is not { } cv)
        {
            return null;
        }

        var hottest = 1.0;
        if (v.Has(m, hottestKey))
        {
            if (v.Num(m, hottestKey) is not { } h)
            {
                return null;
            }

            hottest = h;
        }

        // A token picks k distinct experts, so an expert receives at most every token: E / k times the mean. The
        // widest spread the same limit allows is k experts taking everything: a coefficient of variation of sqrt(E/k - 1).
        var most = (double)experts / Math.Max(1, active);
        if (hottest > most + 1e-9)
        {
            v.Error(m.Get(hottestKey)!, $"{hottestKey} {hottest:G4} is more than {most:G4}: with {experts} experts and {active} a token, an expert receives each token at most once, so at most experts / active_experts times the mean");
            return null;
        }

        if (cv > Math.Sqrt(most - 1) + 1e-9)
        {
            v.Error(m.Get(cvKey)!, $"{cvKey} {cv:G4} is more than {Math.Sqrt(most - 1):G4}, the most {experts} experts with {active} a token can vary (sqrt(experts / active_experts - 1), when {active} of them take every token)");
            return null;
        }

        // One expert at h times the mean, the rest sharing what is left evenly, is the least spread a hottest of h
        // allows: a coefficient of variation of (h - 1) / sqrt(E - 1).
        var least = (hottest - 1) / Math.Sqrt(experts - 1);
        if (experts > 1 && cv < least - 1e-9)
        {
            v.Error(m.Get(cvKey)!, $"{cvKey} {cv:G4} is less than {least:G4}, the least spread a hottest expert at {hottest:G4} times the mean leaves over {experts} experts ((hottest - 1) / sqrt(experts - 1), the others equal); one of the two figures is not the measurement's");
            return null;
        }

        return (cv, hottest);
    }
}
