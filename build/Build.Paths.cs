namespace OpenH264Build;

/// <summary>Where everything lives. All output goes under artifacts/, which git ignores.</summary>
partial class Build
{
    static string NativeDirectory => Path.Combine(RootDirectory, "native");
    string PatchesDirectory => Patches is { } p ? Path.GetFullPath(p) : Path.Combine(NativeDirectory, "patches");
    static string ArtifactsDirectory => Path.Combine(RootDirectory, "artifacts");

    /// <summary>Content-addressed stage outputs: a folder per stage and key, reused while the key is unchanged.</summary>
    static string CacheDirectory => Path.Combine(ArtifactsDirectory, "cache");

    /// <summary>What users download. Replaced as a whole, and only when the whole run succeeded.</summary>
    static string DistDirectory => Path.Combine(ArtifactsDirectory, "dist");

    /// <summary>The next dist, filled by Package, Sign and the checks; it becomes dist at the end of a good run.</summary>
    static string DistStagingDirectory => Path.Combine(ArtifactsDirectory, ".staging", "dist");

    /// <summary>The output of the last run that did not end in a complete signed dist (artifacts/dist is kept then).</summary>
    static string PartialDistDirectory => Path.Combine(ArtifactsDirectory, "dist-partial");

    /// <summary>Reports of the checks (ABI, compatibility, the run's index page).</summary>
    static string ReportsDirectory => Path.Combine(ArtifactsDirectory, "reports");
}
