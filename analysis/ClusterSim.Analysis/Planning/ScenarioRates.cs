using System.Globalization;
using ClusterSim.Analysis.Sweeps;
using ClusterSim.Scenarios;

namespace ClusterSim.Analysis.Planning;

/// <summary>
/// What the planner and the capacity search share about putting a rate on a scenario: loading it
/// with overrides (errors as <see cref="SweepInputException"/>), choosing the class the rate
/// is for, and the <c>--set</c> path the rate is written to (<c>workloads[CLASS].arrival.rate</c>,
/// <c>.mean</c> for a diurnal arrival).
/// </summary>
internal static class ScenarioRates
{
    public static Scenario Load(string? path, IReadOnlyList<string> sets)
    {
        try
        {
            return path is null ? ScenarioLoader.LoadDefault(sets) : ScenarioLoader.Load(path, sets);
        }
        catch (ScenarioException ex)
        {
            throw new SweepInputException(ex.Errors.Select(e => e.ToString()).ToList());
        }
    }

    /// <summary>
    /// The class named, of any kind; without a name the only text class, or, in a scenario without text, the only class.
    /// </summary>
    /// <param name="rateOption">The option the rate comes from, for messages (<c>--target-rate</c>).</param>
    public static WorkloadSpec FindClass(Scenario scenario, string? name, string rateOption)
    {
        var all = scenario.Workloads;
        if (name is not null)
        {
            return all.FirstOrDefault(w => w.Name == name)
                   ?? throw new SweepInputException($"--class {name}: no workload '{name}' in the scenario; it has {string.Join(", ", all.Select(w => w.Name))}{Names.Hint(name, all.Select(w => w.Name))}");
        }

        var text = all.OfType<TextWorkloadSpec>().ToList<WorkloadSpec>();
        var candidates = text.Count > 0 ? text : [.. all];
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new SweepInputException($"the scenario has no workload for {rateOption} to apply to"),
            _ => throw new SweepInputException($"the scenario has {candidates.Count} {(text.Count > 0 ? "text " : "")}classes ({string.Join(", ", candidates.Select(w => w.Name))}); name the one {rateOption} applies to with --class"),
        };
    }

    /// <summary>Where a rate of <paramref name="w"/> is written; only arrivals with a mean rate to set have one.</summary>
    public static string RatePath(WorkloadSpec w, string rateOption) => w.Arrival switch
    {
        PoissonArrival or GammaArrival or ConstantArrival => $"workloads[{w.Name}].arrival.rate",
        DiurnalArrival => $"workloads[{w.Name}].arrival.mean",
        _ => throw new SweepInputException($"class '{w.Name}' arrives by {w.Arrival.GetType().Name.Replace("Arrival", "", StringComparison.Ordinal).ToLowerInvariant()}; {rateOption} needs a poisson, gamma, constant or diurnal arrival"),
    };

    /// <summary>The override that sets the rate: <c>PATH=RATE</c>, the rate written to round-trip exactly.</summary>
    public static string Set(string ratePath, double rate) => $"{ratePath}={rate.ToString("R", CultureInfo.InvariantCulture)}";
}
