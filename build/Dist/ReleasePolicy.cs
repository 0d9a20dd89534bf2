using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Dist;

/// <summary>What the asker of the release policy expects: who asks, and what the signed trusted comment must
/// say.</summary>
/// <param name="Use">Who asks (Verify, Publish, Rollout): the same rules, each refusal worded for what the asker was
/// doing.</param>
public sealed record ReleaseRequest(DistUse Use)
{
    /// <summary>The version expected ("v" prefix allowed): any other, an older release too, is refused.</summary>
    public string? Version { get; init; }

    /// <summary>The commit the release must have been built from, and the tag that names it.</summary>
    public string? Commit { get; init; }
    public string? Tag { get; init; }

    /// <summary>A lab fleet: the one way past the key rules (a development minisign key, a development repository
    /// key).</summary>
    public bool AllowDevelopment { get; init; }

    /// <summary>The file the public key came from, for messages.</summary>
    public string? KeyFileName { get; init; }

    internal DistExpectations Expectations => new()
    {
        Use = Use, Version = Version, Commit = Commit, Tag = Tag, AllowDevelopment = AllowDevelopment,
            KeyFileName = KeyFileName,
    };
}

/// <summary>
/// The one release policy, for Sign (before the release key signs), Verify, Publish and Rollout alike. A release is:
/// a release version signed by the release key (the files, signatures, provenance and trusted comment checked by
/// <see cref="DistVerifier"/>); for each arch, passing ABI and Compat verdicts, the Compat one with its soak, each
/// naming its baseline and when it ran; every digest bound (the verdicts' <c>candidateSha256</c> = the library in the
/// tarball = the library in the <c>.deb</c> = the fleet manifest's <c>librarySha256</c>); archives whose member names
/// are canonical; and an apt repository signed by the release repository key. <c>--allow-development</c> is the one
/// way past the key rules (a lab fleet), and says so first.
/// </summary>
public sealed partial class ReleasePolicy(ReleaseRequest request, ILogger? logger = null)
{
    /// <summary>What a run that lets a development release through says first, and what its verdict says.</summary>
    public const string LabLine = "lab: development release allowed";

    private readonly ILogger _log = logger ?? Log.Logger;

    /// <summary>Checks a signed release folder; returns its verdict, or refuses in one line naming what
    /// failed.</summary>
    public async Task<ReleaseVerdict> CheckAsync(string folder, MinisignPublicKey publicKey,
        CancellationToken ct = default)
    {
        var verified = new DistVerifier(_log).Verify(folder, publicKey, request.Expectations);
        var content = await ContentAsync(verified.Dist, signed: true, ct);
        if (content.Problems.Count > 0) throw Refuse(request.Use, content.Problems, _log);
        var verdict = ReleaseVerdict.Of(verified, content.Manifest!, request.AllowDevelopment);
        _log.Information("{Verdict}", verdict.Sentence);
        return verdict;
    }

    /// <summary>
    /// Sign's check before the release key signs: a release version, the release repository key, and the content of
    /// the dist as a release needs it. Anything less is signed with the development key, or not at all.
    /// </summary>
    public static async Task EnsureSignableAsync(string distDirectory, string version, bool developmentRepositoryKey,
        CancellationToken ct)
    {
        if (!ReleaseVersionPattern().IsMatch(version))
            throw new SigningFailure($"the release key signs only a release version (<upstream>-<n>, from a " +
                $"v<upstream>-<n> tag on HEAD); {version} is a development version");
        if (!Directory.Exists(distDirectory)) return; // Sign itself says there is nothing to sign
        var dist = DistFolder.Open(distDirectory);
        if (developmentRepositoryKey && File.Exists(dist.PathOf(DebianPackaging.FleetManifest.FileName)))
            throw new SigningFailure(
                "the release key signs only with the release repository key: give --repository-key (or " +
                    "OPENH264_REPOSITORY_KEY), see Releasing in the README");
        var content = await new ReleasePolicy(new ReleaseRequest(DistUse.Verify)).ContentAsync(dist, signed: false, ct);
        if (content.Problems.Count > 0)
            throw new SigningFailure($"the release key signs only proven libraries: " +
                $"{string.Join("; ", content.Problems)} (run Abi and Compat, with the soak, with Sign)");
    }

    /// <summary>
    /// Everything a release holds, beyond its signatures: the verdicts, the archives' names, the packages and manifest.
    /// Before signing (<paramref name="signed"/> false) a dist without a library package has nothing to prove; once
    /// signed it is no release.
    /// </summary>
    private async Task<(List<string> Problems, DebianPackaging.FleetManifest? Manifest)> ContentAsync(DistFolder dist,
        bool signed, CancellationToken ct)
    {
        var problems = VerdictProblems(dist, new VerdictRequirement(RequireSoak: true, RequireLibraries: signed),
            _log).ToList();
        problems.AddRange(MemberProblems(dist));
        if (!signed && dist.Libraries.Count == 0) return (problems, null);
        var (packageProblems, manifest) = await PackageProblemsAsync(dist, signed, ct);
        problems.AddRange(packageProblems);
        return (problems, manifest);
    }

    /// <summary>Every problem is logged; the failure is one line that says how many and what they are, worded for the
    /// asker.</summary>
    private static BuildFailure Refuse(DistUse use, IReadOnlyList<string> problems, ILogger log)
    {
        foreach (var problem in problems) log.Error("Release policy: {Problem}", problem);
        var list = string.Join("; ", problems);
        return use switch
        {
            DistUse.Publish =>
                new BuildFailure($"the dist is not proven for release: {list} (run the whole pipeline, Compat with " +
                    $"its soak included, on the tagged commit)"),
            _ => new VerificationFailure(problems.Count == 1
                ? $"not a release: {list}" : $"not a release, {problems.Count} problems: {list}"),
        };
    }
}
