using OpenH264Build.Packaging;
using Serilog;

namespace OpenH264Build;

partial class Build
{
    void PackageLibraries()
    {
        DistStage.Start();
        var version = Version;
        var license = Path.Combine(PatchedSource!.Directory, "LICENSE");
        foreach (var (arch, library) in Libraries.OrderBy(l => l.Key))
        {
            var buildInfo = BuildInfo.Render(version, Pin, Series, library, ToolchainImage!, ToolchainImageId!, Suite, Git.Commit, ReproducibleTime);
            foreach (var file in LibraryPackager.Package(library, version, license, buildInfo, DistStage.Directory, ReproducibleTime))
                Log.Information("Packaged {File} ({Size:N0} bytes)", Path.GetFileName(file), new FileInfo(file).Length);
        }
        ProvenanceVersion = version.ToString();
        if (version.IsDevelopment) Log.Information("Version {Version} is a development build (no v{Upstream}-<n> tag on HEAD)", version, Pin.Version);
    }
}
