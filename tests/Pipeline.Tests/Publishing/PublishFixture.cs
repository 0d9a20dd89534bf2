using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Git;
using OpenH264Build.Publishing;
using OpenH264Build.Signing;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// A small release in a temp folder: a git clone tagged v2.3.1-1 with native/source.json and one DEP-3 patch,
/// and a dist signed by the pipeline's Sign stage with a key made by minisign -G. Everything real, nothing mocked.
/// </summary>
public sealed class PublishFixture : IDisposable
{
    public const string Tag = "v2.3.1-1";
    public string Root { get; } = Directory.CreateTempSubdirectory("publish-test-").FullName;
    public string Dist => Path.Combine(Root, "artifacts", "dist");
    public string KeyDirectory => Path.Combine(Root, "..", Path.GetFileName(Root) + "-key");

    public const string PatchText = """
        Description: Stop decoding after an unconcealed error
         A crafted stream made WelsDecodeBs read past its buffer.
        Author: Jane Doe <jane@example.org>
        Origin: vendor
        Bug: https://github.com/cisco/openh264/issues/3800
        Bug-Pull: https://github.com/cisco/openh264/pull/3801
        Forwarded: no
        Last-Update: 2025-02-20
        ---
        --- a/codec/decoder/core/src/decoder.cpp
        +++ b/codec/decoder/core/src/decoder.cpp
        @@ -1,1 +1,1 @@
        -old
        +new

        """;

    public static async Task<PublishFixture> Create(bool developmentKey = false)
    {
        var fixture = new PublishFixture();
        await fixture.Build(developmentKey);
        return fixture;
    }

    private async Task Build(bool developmentKey)
    {
        Directory.CreateDirectory(Path.Combine(Root, "native", "patches"));
        await File.WriteAllTextAsync(Path.Combine(Root, ".gitignore"), "artifacts/\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "native", "source.json"), """{"name": "openh264", "version": "2.3.1", "sha256": "87124d0eb5d86ea78c59bab916ecdc3d9dfa752ce6bf73a609bbb98db7d96383", "file": "openh264_2.3.1+dfsg.orig.tar.xz", "topDirectory": "openh264-2.3.1", "origins": [{ "debianSource": "openh264", "debianVersion": "2.3.1+dfsg-3+deb12u2" }]}""");
        await File.WriteAllTextAsync(Path.Combine(Root, "native", "patches", "series"), "0001-stop-after-error.patch\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "native", "patches", "0001-stop-after-error.patch"), PatchText);
        await Git("init", "-q", "-b", "main");
        await Git("add", "-A");
        await Git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "release");
        await Git("-c", "user.name=Test", "-c", "user.email=test@example.org", "tag", "-a", Tag, "-m", Tag);

        Directory.CreateDirectory(Dist);
        Directory.CreateDirectory(KeyDirectory);
        await File.WriteAllBytesAsync(Path.Combine(Dist, "openh264-2.3.1-1-x86_64.tar.gz"), Enumerable.Range(0, 40_000).Select(i => (byte)(i * 7)).ToArray());
        await File.WriteAllBytesAsync(Path.Combine(Dist, "openh264-2.3.1-1-aarch64.tar.gz"), Enumerable.Range(0, 30_000).Select(i => (byte)(i * 13)).ToArray());
        await File.WriteAllTextAsync(Path.Combine(Dist, "provenance.json"), """{"tag": "v2.3.1-1"}""");
        foreach (var arch in Arches)
        {
            var library = WriteLibraryPackage(arch, $"library of {arch}, build 1");
            await WriteLibraryDeb(arch, $"library of {arch}, build 1");
            await WriteVerdict("abi", arch, library);
            await WriteVerdict("compat", arch, library);
        }
        WriteFleetManifest();
        await Run("minisign", "-G", "-W", "-f", "-p", ReleasePublicKey, "-s", Path.Combine(KeyDirectory, "release.key"));
        _developmentKey = developmentKey;
        await Sign();
    }

    private bool _developmentKey;

    public static readonly string[] Arches = ["x86_64", "aarch64"];

    public static string PackageName(string arch) => $"openh264-2.3.1-1-linux-{arch}.tar.gz";

    /// <summary>A package as Package makes it (lib/libopenh264.so.7 -> libopenh264.so.2.3.1); returns the library's sha256.</summary>
    public string WriteLibraryPackage(string arch, string libraryText)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(libraryText);
        OpenH264Build.Archives.TarWriter.WriteTarGz(Path.Combine(Dist, PackageName(arch)),
        [
            OpenH264Build.Archives.TarEntrySource.Directory("lib"),
            OpenH264Build.Archives.TarEntrySource.Bytes("lib/libopenh264.so.2.3.1", bytes, 0b111_101_101),
            OpenH264Build.Archives.TarEntrySource.Symlink("lib/libopenh264.so.7", "libopenh264.so.2.3.1"),
        ], new DateTime(2025, 2, 20, 0, 0, 0, DateTimeKind.Utc));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    /// <summary>The repository key the fixture's manifest names (a release one: Sign would have written it so).</summary>
    public const string RepositoryFingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";

    public static string DebianArch(string arch) => arch == "x86_64" ? "amd64" : "arm64";

    public static string DebName(string arch) => $"libopenh264-7_2.3.1+dfsg-3+deb12u2+fleet1_{DebianArch(arch)}.deb";

    /// <summary>A libopenh264-7 package as Package makes it (built by dpkg-deb), installing the given library bytes.</summary>
    public async Task WriteLibraryDeb(string arch, string libraryText)
    {
        var triplet = arch == "x86_64" ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
        var staging = Path.Combine(KeyDirectory, "deb-" + arch + "-" + Guid.NewGuid().ToString("N")[..6]);
        var deb = new OpenH264Build.DebianPackaging.DebPackage(staging, new DateTime(2025, 2, 20, 0, 0, 0, DateTimeKind.Utc));
        deb.AddText($"usr/lib/{triplet}/libopenh264.so.2.3.1", libraryText);
        deb.AddSymlink($"usr/lib/{triplet}/libopenh264.so.7", "libopenh264.so.2.3.1");
        deb.AddControl("control", $"Package: libopenh264-7\nVersion: 2.3.1+dfsg-3+deb12u2+fleet1\nArchitecture: {DebianArch(arch)}\n" +
                                  "Maintainer: Test <test@example.org>\nSection: libs\nPriority: optional\nDescription: test library\n");
        await deb.BuildAsync(Path.Combine(Dist, DebName(arch)), CancellationToken.None);
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>The fleet manifest as Sign leaves it (release repository key), each arch bound to the library in its tarball.</summary>
    public void WriteFleetManifest(Func<OpenH264Build.DebianPackaging.FleetManifest, OpenH264Build.DebianPackaging.FleetManifest>? change = null)
    {
        var libraries = OpenH264Build.Dist.DistFolder.Open(Dist).Libraries;
        var architectures = libraries.ToDictionary(l => DebianArch(l.Arch), l => new OpenH264Build.DebianPackaging.FleetArchitecture(
            l.Arch, "libopenh264.so.2.3.1", l.Sha256, DebName(l.Arch), $"openh264-fleet-smoke_{DebianArch(l.Arch)}.deb", []));
        var keyFile = OpenH264Build.DebianPackaging.FleetManifest.KeyFileName(RepositoryFingerprint);
        File.WriteAllText(Path.Combine(Dist, keyFile), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n(test key)\n-----END PGP PUBLIC KEY BLOCK-----\n");
        var manifest = new OpenH264Build.DebianPackaging.FleetManifest("2.3.1+dfsg-3+deb12u2+fleet1", "2.3.1+dfsg-3+deb12u2", "openh264-fleet",
            "openh264-fleet", RepositoryFingerprint, keyFile, false, architectures);
        (change?.Invoke(manifest) ?? manifest).Write(Dist);
    }

    /// <summary>A passing check report bound to a library's sha256, as Abi and Compat write them (Compat with its soak).</summary>
    public Task WriteVerdict(string kind, string arch, string candidateSha256, bool soak = true, string verdict = "pass") =>
        File.WriteAllTextAsync(Path.Combine(Dist, $"{kind}-{arch}.json"), $$"""
            {"verdict": "{{verdict}}", "arch": "{{arch}}", "candidateSha256": "{{candidateSha256}}", "baselineSha256": "{{new string('b', 64)}}",
             "checkedAt": "2025-02-20T10:00:00Z"{{(kind == "compat" ? $$""", "soak": {"included": {{(soak ? "true" : "false")}}, "streams": 3, "frames": 9000}""" : "")}} }
            """);

    /// <summary>The release public key, as the release manager commits it (outside the dist, which carries its own copy).</summary>
    public string ReleasePublicKey => Path.Combine(KeyDirectory, "release.pub");

    /// <summary>
    /// Signs the dist as it is now with the pipeline's own Sign stage (SHA256SUMS, its signature, provenance, the
    /// public key): with the release key made by minisign above, or with a development key.
    /// </summary>
    public async Task Sign(string version = "2.3.1-1")
    {
        var head = (await Run("git", "rev-parse", "HEAD")).Trim();
        using var key = _developmentKey
            ? new SigningKey(DevelopmentKey.LoadOrCreate(Path.Combine(KeyDirectory, "development")), Development: true)
            : SigningKeySource.Load(await File.ReadAllTextAsync(Path.Combine(KeyDirectory, "release.key")), null, ReleasePublicKey, Path.Combine(KeyDirectory, "development"));
        new ReleaseSigner(key).Sign(Dist, new ProvenanceInputs
        {
            Version = version, GitCommit = head, GitTreeDirty = false,
            StartedOn = DateTimeOffset.UtcNow.AddMinutes(-1), FinishedOn = DateTimeOffset.UtcNow,
        });
    }

    public PublishSettings Settings(FakeGitHub.FakeGitHubServer server, string repository = "acme/openh264-patched") => new()
    {
        RootDirectory = Root,
        DistDirectory = Dist,
        PatchesDirectory = Path.Combine(Root, "native", "patches"),
        Version = OpenH264Build.Versioning.ReleaseTag.Parse(Tag),
        PinnedUpstream = OpenH264Build.Formats.SourcePin.Load(Path.Combine(Root, "native", "source.json")).Version,
        ReleasePublicKey = ReleasePublicKey,
        Repository = GitHubRepository.Parse(repository),
        Token = server.Token,
        Endpoint = GitHubEndpoint.From(server.Address.ToString()),
        UpstreamEndpoint = GitHubEndpoint.From(server.Address.ToString()),
        Retry = new RetrySettings { MaxRetries = 4, BaseDelay = TimeSpan.FromSeconds(1), Time = new FastTime() },
    };

    public Task Git(params string[] arguments) => Run("git", arguments);

    public async Task<string> Run(string tool, params string[] arguments)
    {
        var result = await Cli.Wrap(tool).WithArguments(arguments).WithWorkingDirectory(Root)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {result.StandardError}");
        return result.StandardOutput;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
        try { Directory.Delete(KeyDirectory, true); } catch (IOException) { }
    }
}

/// <summary>The real clock, except that every wait is a thousand times shorter, so retries are tested without waiting.</summary>
public sealed class FastTime : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, Shorten(dueTime), Shorten(period));

    private static TimeSpan Shorten(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : TimeSpan.FromTicks(Math.Max(1, t.Ticks / 1000));
}

/// <summary>Every log line a test's run writes, unmasked, so a leaked secret would show.</summary>
public sealed class LogCapture : ILogEventSink
{
    private static readonly Serilog.Formatting.Display.MessageTemplateTextFormatter Formatter = new("{Level} {Message:lj} {Exception}");
    private readonly List<string> _lines = [];
    public ILogger Logger { get; }

    public LogCapture() => Logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(this).CreateLogger();

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter();
        Formatter.Format(logEvent, text);
        lock (_lines) _lines.Add(text.ToString());
    }

    public string Text { get { lock (_lines) return string.Join("\n", _lines); } }
}
