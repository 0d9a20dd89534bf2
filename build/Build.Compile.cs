using OpenH264Build.Compilation;

namespace OpenH264Build;

partial class Build
{
    Task CompileLibraries() => Run(new CompileStage());
}
