using OpenH264Build.Engine;

namespace OpenH264Build.Ci;

/// <summary>
/// What generating the workflows takes: the workflows the build declares, its target graph and parameters (which the
/// generated <c>./build.sh</c> calls must name, and are checked against), the arches of the matrix, the job image, the
/// targets no job holding secrets may run, and the folder the files go to.
/// </summary>
internal sealed record WorkflowOptions(IReadOnlyList<Workflow> Workflows, TargetGraph Graph, ParameterSet Parameters,
    IReadOnlyList<string> Arches, string JobImage, IReadOnlyCollection<string> UntrustedTargets, string Directory);
