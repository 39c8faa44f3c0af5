namespace ClusterSim.Model.Setup;

/// <summary>
/// A scenario the compiler cannot set up, with the dotted key path it is about (<c>deployments.serve.replicas</c>);
/// <see cref="ScenarioCompiler.Compile"/> turns it into a located <see cref="Scenarios.ScenarioException"/>.
/// </summary>
internal sealed class CompileProblem(string path, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Path { get; } = path;
}
