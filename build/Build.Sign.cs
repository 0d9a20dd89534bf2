using System.Diagnostics;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Engine;
using OpenH264Build.Patching;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// Sign: checksums, minisign signatures and SLSA provenance for everything in the dist being staged.
/// Verify: checks a downloaded release as a fleet host would.
/// </summary>
partial class Build
{
    [Parameter("Release signing key: a minisign secret key file (OPENH264_SIGNING_KEY may hold the file's content instead); without one, a development key signs"), Secret]
    readonly string? SigningKey;

    [Parameter("Password of the signing key, when it has one"), Secret]
    readonly string? SigningKeyPassword;

    [Parameter("Release public key file (minisign): Sign refuses a signing key that is not its partner; Verify checks a release with it (default: native/release.pub when the release manager has committed it)")]
    readonly string? PublicKey = File.Exists(Path.Combine(NativeDirectory, "release.pub")) ? Path.Combine(NativeDirectory, "release.pub") : null;

    [Parameter("Release folder Verify checks (default: the dist this run made, else artifacts/dist)")]
    readonly string? Dist;

    [Parameter("Verify: the version the host expects, e.g. 2.3.1-2; any other (an older release too) is refused")]
    readonly string? ExpectedVersion;

    [Parameter("Verify: accept a dist signed with a development key (a local build, never for a fleet)")]
    readonly bool AllowDevelopment;

    // ---- Facts provenance records that other stages learn: each stage sets its own when it runs. -----------
    // Left null (e.g. when a stage is skipped), the fact is left out of the statement and a warning says so.

    /// <summary>Set by Fetch: where the upstream tarball came from and the sha256 it was checked against.</summary>
    internal ProvenanceSourcePin? ProvenanceSource;

    /// <summary>Set by Toolchain: the id (sha256:...) of the image the compile containers ran.</summary>
    internal string? ProvenanceToolchainImageId;

    /// <summary>Set by Package: the version the tarballs carry; otherwise --package-version is used.</summary>
    internal string? ProvenanceVersion;

    static string DevelopmentKeyDirectory => Path.Combine(ArtifactsDirectory, "signing");

    Task SignDist() => SignDist(DistStagingDirectory, DevelopmentKeyDirectory, Environment.GetEnvironmentVariable);

    /// <param name="distDirectory">The dist to sign: Package has put the tarballs there.</param>
    /// <param name="developmentKeyFolder">Where the development key is made, when no signing key is given.</param>
    /// <param name="environment">Where the GitHub Actions run is read from (GITHUB_*).</param>
    internal async Task<SignedRelease> SignDist(string distDirectory, string developmentKeyFolder, Func<string, string?> environment)
    {
        // The key is loaded (and checked against the release public key) before dist is touched.
        using var key = SigningKeySource.Load(SigningKey, SecretParameters.Resolve(SigningKeyPassword), PublicKey, developmentKeyFolder);
        if (key.Development)
            Log.Warning("No --signing-key or OPENH264_SIGNING_KEY: signing with the development key {KeyId} in {Folder}; a release refuses it",
                key.Key.PublicKey.KeyIdText, developmentKeyFolder);
        var inputs = await CollectProvenanceInputs(environment);
        if (!key.Development) new Distribution.DistVerifier().EnsureReleaseWorthy(distDirectory, inputs.Version);
        return new ReleaseSigner(key).Sign(distDirectory, inputs);
    }

    /// <summary>
    /// The ABI and compatibility reports travel with the release (and so are covered by its checksums and signature):
    /// a host operator can read why this library was judged a drop-in. Only reports that judged exactly the library
    /// in the dist's package of their arch go in (see <see cref="BoundReports"/>).
    /// </summary>
    void CopyReportsIntoDist()
    {
        if (Directory.Exists(DistStagingDirectory)) BoundReports.CopyInto(ReportsDirectory, DistStagingDirectory);
    }

    /// <summary>
    /// The dist this run is about: the one it is staging when it packaged (so Sign, Verify and Publish in one run,
    /// as the release workflow runs them, see this run's files, not the previous run's), else the last good dist.
    /// </summary>
    string CurrentDist => DistStage.IsStarted ? DistStage.Directory : DistDirectory;

    void VerifyRelease()
    {
        var folder = Path.GetFullPath(Dist ?? CurrentDist);
        new Distribution.DistVerifier().Verify(folder, MinisignPublicKey.Load(PublicKey!),
            new Distribution.DistExpectations { Version = ExpectedVersion, AllowDevelopment = AllowDevelopment, Verdicts = new() });
    }

    /// <summary>What the provenance records, gathered from this build, git, the patch series and the stages before.</summary>
    async Task<ProvenanceInputs> CollectProvenanceInputs(Func<string, string?> environment)
    {
        var version = ProvenanceVersion ?? PackageVersion;
        if (version is null) Log.Warning("Provenance: no package version known (Package did not set one, no --package-version): using 0.0.0-unversioned");
        if (ProvenanceSource is null) Log.Warning("Provenance: the upstream source pin is not known (Fetch did not run): left out");
        if (ProvenanceToolchainImageId is null) Log.Warning("Provenance: the toolchain image id is not known (Toolchain did not run): left out");

        // What git said when the run began; read now when SignDist is called on its own (as tests do).
        var git = Git.Commit is not null ? Git : await Packaging.GitInfo.ReadAsync(RootDirectory, CancellationToken);
        if (git.Commit is null) Log.Warning("Provenance: not a git checkout, the commit is recorded as unknown");
        var (commit, dirty) = (git.Commit ?? "unknown", git.Commit is null ? (bool?)null : git.IsDirty);
        return new ProvenanceInputs
        {
            Version = version ?? "0.0.0-unversioned",
            GitCommit = commit,
            GitTreeDirty = dirty,
            Source = ProvenanceSource,
            Patches = PatchSeries.Load(PatchesDirectory).Select(p => new FileDigest(p.Name, p.Sha256)).ToList(),
            ToolchainImageId = ProvenanceToolchainImageId,
            Targets = TargetGraph.From(this).Targets
                .Select(t => new TargetNode(t.Name, t.DependencyDefinitions.Select(d => d.Name).ToList(),
                    Results.FirstOrDefault(r => r.Name == t.Name)?.Status.ToString()))
                .ToList(),
            Parameters = NonSecretParameters(),
            // A build is one process: its start is the build's start.
            StartedOn = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero),
            FinishedOn = DateTimeOffset.UtcNow,
            GitHubRun = GitHubRun.FromEnvironment(environment),
        };
    }

    /// <summary>
    /// Every [Parameter] of the build and its value, except [Secret] ones, which are not even named. A path is
    /// recorded relative to the repository (or by its file name when outside it): the statement is published,
    /// and the build machine's folders are neither part of the build's definition nor anyone's business.
    /// </summary>
    Dictionary<string, JsonNode?> NonSecretParameters()
    {
        static string Portable(string value) =>
            !Path.IsPathFullyQualified(value) ? value
            : Path.GetRelativePath(RootDirectory, value) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
                ? relative.Replace('\\', '/')
                : Path.GetFileName(value.TrimEnd('/', '\\'));
        static JsonNode? ToJson(object? value) => value switch
        {
            null => null,
            string s => JsonValue.Create(Portable(s)),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            Enum e => JsonValue.Create(BuildParameter.ChoiceName(e.ToString())),
            Array a => new JsonArray(a.Cast<object?>().Select(ToJson).ToArray()),
            _ => JsonValue.Create(value.ToString()),
        };
        return ParameterSet.Of(GetType()).Parameters
            .Where(p => !p.IsSecret)
            .ToDictionary(p => p.OptionName.TrimStart('-'), p => ToJson(p.GetValue(this)));
    }
}
