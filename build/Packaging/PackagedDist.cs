using OpenH264Build.Pipeline;
using OpenH264Build.Versioning;

namespace OpenH264Build.Packaging;

/// <summary>Package's result: the version the packages carry and the tarballs staged in the next dist.</summary>
public sealed record PackagedDist(ReleaseVersion Version,
    IReadOnlyList<string> Files) : IStageResult { public static string Producer => "Package"; }
