namespace ClusterSim.Scenarios;

/// <summary>A model, resolved from the catalog and scenario overrides. See the derived records per kind.</summary>
/// <param name="Key">Name used in the scenario.</param>
/// <param name="Name">Full name.</param>
/// <param name="ParamsB">Parameters in billions (the published count).</param>
/// <param name="WeightPrecision">Precision the weights are held in.</param>
/// <param name="Confidence">How far the figures can be trusted.</param>
/// <param name="Source">Where the figures come from.</param>
/// <param name="Notes">Remarks.</param>
public abstract record ModelSpec(
    string Key,
    string Name,
    double ParamsB,
    Precision WeightPrecision,
    Confidence Confidence,
    string? Source,
    string? Notes)
{
    /// <summary>The model's <c>kind:</c> (llm, video, avatar, ...): which workload kind it serves.</summary>
    public abstract string Kind { get; }

    /// <summary>Bytes of everything the model keeps resident per replica (weights, and for video the text encoder).</summary>
    public virtual double WeightBytes => ParamsB * 1e9 * WeightPrecision.StoredBytes();

    /// <summary>
    /// Its columns in <c>clustersim catalog</c> between params_b and confidence: active_b, layers, hidden,
    /// heads/kv, context and notes, "-" where the kind has none.
    /// </summary>
    public virtual IReadOnlyList<string> CatalogColumns() => ["-", "-", "-", "-", "-", ""];

    /// <summary>A figure as the catalog listing writes it.</summary>
    protected static string Num(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
