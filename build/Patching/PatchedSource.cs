using OpenH264Build.Pipeline;

namespace OpenH264Build.Patching;

/// <summary>Patch's result: the series as read, and the upstream tree with it applied (in the stage cache).</summary>
public sealed record PatchedSource(IReadOnlyList<SeriesPatch> Series, string Directory, string Key) : IStageResult
{
    public static string Producer => "Patch";

    /// <summary>The tree's LICENSE, which every package carries.</summary>
    public string LicenseFile => Path.Combine(Directory, "LICENSE");
}

/// <summary>Where the series is and how the user named it (messages and reports use the name as given).</summary>
public sealed record PatchOptions(string PatchesDirectory, string FolderAsGiven, string UpstreamWebUrl);
