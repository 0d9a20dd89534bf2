using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Ci;

/// <summary>Where the checked-out repository is, found the way the build finds it (the folder with .nuke).</summary>
internal static class RepositoryPaths
{
    public static string Root => NukeBuild.RootDirectory;
    public static string Workflows => Path.Combine(Root, ".github", "workflows");

    /// <summary>Tools the tests install for themselves; under artifacts/, which git ignores.</summary>
    public static string Tools => Path.Combine(Root, "artifacts", "tools");
}
