using OpenH264Build.Baselines;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Tests.Compat;
using OpenH264Build.Tests.Signing;
using OpenH264Build.Versioning;

namespace OpenH264Build.Tests.Fleet;

/// <summary>A signed release folder with Debian packages, and the apt repository made beside it.</summary>
public sealed record FleetTestRelease(string Dist, string Repository, FleetManifest Manifest);

/// <summary>
/// Makes real fleet releases for the tests: Debian's own libopenh264 for both arches, marked with an extra ELF note
/// so the candidate's bytes differ from what the hosts run before, the harness compiled for both arches, packaged,
/// with its tarball and passing verdicts (these tests prove the rollout, not the library), put into a reprepro
/// repository, and signed by Sign with a test minisign key and a release repository key made as the README says.
/// </summary>
public sealed class FleetReleaseFactory : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("fleet-release-").FullName;
    public string PublicKey => Path.Combine(Root, "release.pub");
    private string SecretKey => Path.Combine(Root, "release.key");
    private string RepositoryKeyFile { get; set; } = "";
    public Dictionary<TargetArch, CompiledLibrary> Libraries { get; } = new();
    public string License { get; private set; } = "";
    private static readonly TargetArch[] Arches = [TargetArch.X86_64, TargetArch.Aarch64];

    public async Task InitializeAsync()
    {
        await StockMinisign.GenerateKey(Root, PublicKey, SecretKey, password: null);
        RepositoryKeyFile = await TestRepositoryKey.CreateAsync(Root);
        var include = await DebianOpenH264.IncludeDirectoryAsync(CompatFixture.DebianCache);
        License = Directory.GetFiles(Path.GetDirectoryName(include)!.Split("/usr/")[0], "copyright", SearchOption.AllDirectories).First();
        foreach (var arch in Arches)
        {
            var folder = Path.Combine(Root, "lib-" + arch.Name());
            var library = Path.Combine(folder, "usr", "lib", "libopenh264.so.2.3.1");
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            var debian = new FileInfo(await DebianOpenH264.LibraryAsync(arch, CompatFixture.DebianCache)).ResolveLinkTarget(true)?.FullName
                         ?? await DebianOpenH264.LibraryAsync(arch, CompatFixture.DebianCache);
            var note = Path.Combine(Root, "note.txt");
            await File.WriteAllTextAsync(note, "fleet test candidate\n");
            var objcopy = arch == TargetArch.X86_64 ? "objcopy" : "aarch64-linux-gnu-objcopy";
            var marked = await Cli.Wrap(objcopy).WithArguments(["--add-section", $".note.fleet-test={note}", debian, library])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            Assert.True(marked.ExitCode == 0, marked.StandardError);
            await HarnessBuilder.BuildAsync(Path.Combine(CompatFixture.RepositoryRoot, "native", "harness"), include, arch,
                Path.Combine(folder, "harness", "h264harness"));
            Libraries[arch] = new CompiledLibrary(arch, folder, "fleet-test");
        }
    }

    private readonly SemaphoreSlim _sharedOnce = new(1, 1);
    private FleetTestRelease? _shared;

    /// <summary>
    /// The one good release (2.3.1-1, untouched) for the tests that only read it: made once, not once per test. A test
    /// that changes a release (its manifest, its repository, its packages) makes its own with <see cref="MakeAsync"/>.
    /// </summary>
    public async Task<FleetTestRelease> SharedAsync()
    {
        await _sharedOnce.WaitAsync();
        try { return _shared ??= await MakeAsync("shared"); }
        finally { _sharedOnce.Release(); }
    }

    /// <param name="tamper">Changes the dist before it is signed (e.g. the recorded digests of one arch).</param>
    public async Task<FleetTestRelease> MakeAsync(string name, string packageVersion = "2.3.1-1", Action<string>? tamper = null)
    {
        var dist = Path.Combine(Root, name, "dist");
        var repository = Path.Combine(Root, name, "apt");
        Directory.CreateDirectory(dist);
        var version = DebianVersion.For(ReleaseVersion.Parse(packageVersion, "2.3.1", "0123456789abcdef"), "fleet");
        await FleetPackaging.RunAsync(Libraries.Values, version, License,
            new FleetPackagingOutput(dist, repository, Path.Combine(Root, name, "scratch")), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            await HarnessSandbox.ForRepositoryAsync(CompatFixture.RepositoryRoot, Environment.GetEnvironmentVariable("DOCKER_HOST")), CancellationToken.None);
        foreach (var library in Libraries.Values) await WriteProvenLibraryAsync(dist, packageVersion, library);
        tamper?.Invoke(dist);
        var environment = new Dictionary<string, string>();
        var build = DistFixture.MakeBuild(environment, ("--signing-key", SecretKey), ("--public-key", PublicKey), ("--package-version", packageVersion),
            ("--repository-key", RepositoryKeyFile));
        await build.SignDist(dist, Path.Combine(Root, "signing"), n => environment.GetValueOrDefault(n), repository);
        return new FleetTestRelease(dist, repository, FleetManifest.Read(dist));
    }

    /// <summary>The library's tarball as Package lays it out, and passing ABI and Compat (with soak) verdicts of its sha256.</summary>
    private static async Task WriteProvenLibraryAsync(string dist, string packageVersion, CompiledLibrary library)
    {
        var bytes = await File.ReadAllBytesAsync(library.LibraryPath);
        OpenH264Build.Archives.TarWriter.WriteTarGz(Path.Combine(dist, $"openh264-{packageVersion}-linux-{library.Arch.Name()}.tar.gz"),
        [
            OpenH264Build.Archives.TarEntrySource.Directory("lib"),
            OpenH264Build.Archives.TarEntrySource.Bytes("lib/libopenh264.so.2.3.1", bytes, 0b111_101_101),
            OpenH264Build.Archives.TarEntrySource.Symlink("lib/libopenh264.so.7", "libopenh264.so.2.3.1"),
        ], new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        foreach (var kind in new[] { "abi", "compat" })
            await File.WriteAllTextAsync(Path.Combine(dist, $"{kind}-{library.Arch.Name()}.json"),
                $$"""{"verdict": "pass", "arch": "{{library.Arch.Name()}}", "candidateSha256": "{{sha}}", "baselineSha256": "{{new string('b', 64)}}", "checkedAt": "2026-01-01T00:00:00Z", "soak": {"included": true} }""");
    }

    /// <summary>
    /// The release's own packages repacked uncompressed (same files, same version, other bytes) in a repository signed
    /// with the release's repository key: what a holder of that key could serve. apt accepts it; only the sha256 that
    /// the signed SHA256SUMS gives each .deb tells it apart.
    /// </summary>
    public async Task<FleetTestRelease> WithRepackedRepositoryAsync(FleetTestRelease release, string name)
    {
        var folder = Path.Combine(Root, name);
        var debs = new List<string>();
        foreach (var deb in Directory.GetFiles(release.Dist, "*.deb"))
        {
            var unpacked = Path.Combine(folder, "unpacked", Path.GetFileNameWithoutExtension(deb));
            var repacked = Path.Combine(folder, "debs", Path.GetFileName(deb));
            Directory.CreateDirectory(Path.GetDirectoryName(repacked)!);
            Directory.CreateDirectory(Path.GetDirectoryName(unpacked)!);
            await Cli.Wrap("dpkg-deb").WithArguments(["-R", deb, unpacked]).ExecuteAsync();
            await Cli.Wrap("dpkg-deb").WithArguments(["-Znone", "--root-owner-group", "-b", unpacked, repacked]).ExecuteAsync();
            Assert.NotEqual(OpenH264Build.Util.Sha256.OfFile(deb), OpenH264Build.Util.Sha256.OfFile(repacked));
            debs.Add(repacked);
        }
        var repository = Path.Combine(folder, "apt");
        var armored = await File.ReadAllTextAsync(RepositoryKeyFile);
        await using (var key = await RepositoryKey.LoadAsync(armored, Path.Combine(Root, "apt-gnupg"), CancellationToken.None))
            await AptRepository.BuildAsync(debs, key, Path.Combine(folder, "scratch"), repository, CancellationToken.None);
        return release with { Repository = repository };
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
