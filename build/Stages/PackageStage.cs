using OpenH264Build.Caching;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Packaging;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Starts the next dist (a staging folder that replaces artifacts/dist only at the end of a good run) and puts in it
/// the reproducible tarballs of each compiled library: library, links, headers, pkg-config, LICENSE, BUILDINFO, and
/// the debug file in a tarball of its own.
/// </summary>
public sealed class PackageStage : IStage<PackagedDist>
{
    public override string ToString() => "package the libraries";

    public async Task<PackagedDist> RunAsync(RunContext context)
    {
        var compiled = context.Results.Get<CompiledLibraries>("Package");
        context.DistStage.Start();
        var version = context.Version;
        var files = new List<string>();
        foreach (var (_, library) in compiled.ByArch.OrderBy(l => l.Key))
            foreach (var file in await PackageAsync(context, library))
            {
                Log.Information("Packaged {File} ({Size:N0} bytes)", Path.GetFileName(file), new FileInfo(file).Length);
                files.Add(file);
            }
        if (version.IsDevelopment) Log.Information(
            "Version {Version} is a development build (no v{Upstream}-<n> tag on HEAD)", version, context.Pin.Version);
        return new PackagedDist(version, files);
    }

    /// <summary>
    /// One library's two tarballs, made once for what they hold (the library by its compile key and digest, the
    /// BUILDINFO, the license, the version, the time) and copied into the staged dist.
    /// </summary>
    static async Task<IReadOnlyList<string>> PackageAsync(RunContext context, CompiledLibrary library)
    {
        var source = context.Results.Get<PatchedSource>("Package");
        var toolchain = context.Results.Get<BuiltToolchain>("Package");
        var (version, time) = (context.Version, context.ReproducibleTime);
        var buildInfo = BuildInfo.Render(version, context.Pin, source.Series, library, toolchain.Image, toolchain.Id,
            context.Settings.Suite, context.Git.Commit, time);
        var key = Util.Sha256.OfParts(("library", library.Key), ("sha256", Util.Sha256.OfFile(library.LibraryPath)),
            ("buildinfo", buildInfo), ("license", Util.Sha256.OfFile(source.LicenseFile)),
            ("version", version.ToString()), ("time", time.ToString("O")), ("recipe", CachedOutputs.Recipe))[..24];
        var (folder, _) = await CachedOutputs.GetAsync(context.Cache, "package-" + library.Arch.Name(), key, scratch =>
        {
            LibraryPackager.Package(library, version, source.LicenseFile, buildInfo, scratch, time);
            return Task.CompletedTask;
        });
        return CachedOutputs.CopyInto(folder, context.DistStage.Directory);
    }
}
