using OpenH264Build.Pipeline;

namespace OpenH264Build.Compilation;

/// <summary>Toolchain's result: the image the compile containers run, by name and by id (which pins every
/// compiler).</summary>
public sealed record BuiltToolchain(string Image,
    string Id) : IStageResult { public static string Producer => "Toolchain"; }
