using System.Text.Json;

namespace ClusterSim.Model.Facility;

/// <summary>JSON settings for the facility's summary records: snake_case keys, as summary.json uses.</summary>
public static class FacilityJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
