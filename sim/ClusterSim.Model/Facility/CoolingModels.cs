namespace ClusterSim.Model.Facility;

/// <summary>The built-in cooling models.</summary>
public static class CoolingModels
{
    /// <summary>A cooling system with the documented default curve (<see cref="CoolingParameters.Defaults"/>).</summary>
    public static ICoolingModel Default(CoolingSystem system) => Create(CoolingParameters.Defaults(system));

    /// <summary>A cooling system with the given curve and thermal path.</summary>
    public static ICoolingModel Create(CoolingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        return new CurveCoolingModel(parameters);
    }
}
