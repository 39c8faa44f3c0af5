namespace ClusterSim.Model.Setup.Kinds;

/// <summary>
/// Compiles one workload kind of a scenario (its deployments and workloads) into an
/// <see cref="Serving.Kinds.IKindSetup"/>. <see cref="ScenarioCompiler"/> knows kinds only through
/// <see cref="KindCompilers"/>; text is the core kind it compiles itself.
/// </summary>
public interface IKindCompiler
{
    /// <summary>The workloads' <c>kind:</c> it compiles.</summary>
    string WorkloadKind { get; }

    /// <summary>The <c>kind:</c> of the models its deployments serve.</summary>
    string ModelKind { get; }

    /// <summary>A builder for one scenario: fed its deployments in file order, then its workloads in file order.</summary>
    IKindBuilder Begin(KindCompileContext context);
}
