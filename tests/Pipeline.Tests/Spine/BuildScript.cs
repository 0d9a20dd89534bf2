using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// The patch series a user would try. (./build.sh itself runs in a <see cref="TestTree"/>, never in the checkout.)
/// </summary>
internal static class BuildScript
{

    /// <summary>A copy of the project's series in <paramref name="folder"/> with one more patch at its end.</summary>
    public static string SeriesWith(string folder, string name, string patchText)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "native", "patches")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        File.AppendAllText(Path.Combine(folder, "series"), name + "\n");
        File.WriteAllText(Path.Combine(folder, name), patchText);
        return folder;
    }
}
