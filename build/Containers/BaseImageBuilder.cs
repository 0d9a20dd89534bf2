using Docker.DotNet.Models;
using OpenH264Build.Engine;
using OpenH264Build.Processes;
using OpenH264Build.Source;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// The base image, made without any image registry: <c>debootstrap --variant=minbase</c> of a Debian suite from
/// the machine's own mirror, and its root file system imported through the engine's API. Its tag is a digest of
/// the recipe (suite, variant), so it is made once per machine.
/// </summary>
public sealed class BaseImageBuilder(DockerEngine engine, string scratchDirectory, ImageArchive? archive = null)
{
    private const string Recipe = "debootstrap --variant=minbase --components=main (v1)";

    public static string TagFor(
        string suite) => $"{suite}-{Sha256.OfParts(("suite", suite), ("recipe", Recipe))[..12]}";

    public async Task<string> EnsureAsync(string suite, CancellationToken ct)
    {
        var reference = $"{ImageNames.BaseRepository}:{TagFor(suite)}";
        if (await ImageNames.FindAsync(engine, reference, ct) is not null)
        {
            Log.Information("Base image {Image} exists", reference);
            return reference;
        }
        if (archive is not null && await archive.TryLoadAsync(reference, ct)) return reference;
        if (!Environment.IsPrivilegedProcess)
            throw new BuildFailure($"The base image {reference} does not exist and debootstrap needs root: run " +
                $"'./build.sh Toolchain' once as root");

        var mirror = MirrorFor(AptSources.ReadSystem());
        var rootfs = Path.Combine(scratchDirectory, $"rootfs-{suite}-{Guid.NewGuid():N}"[..40]);
        var tarball = rootfs + ".tar";
        try
        {
            Log.Information("Making base image {Image}: debootstrap {Suite} (a few minutes, once)", reference, suite);
            await HostProgram.RunAsync("debootstrap", ["--variant=minbase", "--components=main", suite, rootfs,
                mirror], cancellationToken: ct);
            // GNU tar keeps what a root file system needs (ownership, links, devices); the stream goes to the API.
            await HostProgram.RunAsync("tar", ["--numeric-owner", "--xattrs", "-C", rootfs, "-cf", tarball, "."],
                cancellationToken: ct);
            await using var stream = File.OpenRead(tarball);
            var progress = new DockerProgress("import base image");
            await engine.Client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromSrc = "-", Repo = ImageNames.BaseRepository, Tag = TagFor(suite) },
                stream, null, progress, ct);
            progress.ThrowIfFailed();
            if (archive is not null) await archive.SaveAsync(reference, ct);
            return reference;
        }
        finally
        {
            if (Directory.Exists(rootfs)) await HostProgram.RunAsync("rm", ["-rf", "--one-file-system", rootfs],
                new() { AllowFailure = true });
            File.Delete(tarball);
        }
    }

    /// <summary>The mirror this machine already uses for Debian: the first source with a plain suite and
    /// "main".</summary>
    public static string MirrorFor(IReadOnlyList<AptSource> sources)
    {
        var debian = sources.FirstOrDefault(s => s.Components.Contains("main")
            && s.Suites.Any(x => !x.Contains('-') && !x.Contains('/')))
            ?? throw new BuildFailure(
                "No Debian mirror with a 'main' component is configured in this machine's apt sources, so " +
                    "debootstrap has nowhere to fetch from");
        return debian.Uri;
    }
}
