using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Versioning;
using Serilog;

namespace OpenH264Build.Packaging;

/// <summary>Package's result: the version the packages carry and the tarballs staged in the next dist.</summary>
public sealed record PackagedDist(ReleaseVersion Version, IReadOnlyList<string> Files) : IStageResult { public static string Producer => "Package"; }

/// <summary>
/// Starts the next dist (a staging folder that replaces artifacts/dist only at the end of a good run) and puts in it
/// the reproducible tarballs of each compiled library: library, links, headers, pkg-config, LICENSE, BUILDINFO, and
/// the debug file in a tarball of its own.
/// </summary>
public sealed class PackageStage : IStage<PackagedDist>
{
    public override string ToString() => "package the libraries";

    public Task<PackagedDist> RunAsync(RunContext context)
    {
        var compiled = context.Results.Get<CompiledLibraries>("Package");
        var source = context.Results.Get<PatchedSource>("Package");
        var toolchain = context.Results.Get<BuiltToolchain>("Package");
        context.DistStage.Start();
        var version = context.Version;
        var files = new List<string>();
        foreach (var (_, library) in compiled.ByArch.OrderBy(l => l.Key))
        {
            var buildInfo = BuildInfo.Render(version, context.Pin, source.Series, library, toolchain.Image, toolchain.Id, context.Settings.Suite,
                context.Git.Commit, context.ReproducibleTime);
            foreach (var file in LibraryPackager.Package(library, version, source.LicenseFile, buildInfo, context.DistStage.Directory, context.ReproducibleTime))
            {
                Log.Information("Packaged {File} ({Size:N0} bytes)", Path.GetFileName(file), new FileInfo(file).Length);
                files.Add(file);
            }
        }
        if (version.IsDevelopment) Log.Information("Version {Version} is a development build (no v{Upstream}-<n> tag on HEAD)", version, context.Pin.Version);
        return Task.FromResult(new PackagedDist(version, files));
    }
}
