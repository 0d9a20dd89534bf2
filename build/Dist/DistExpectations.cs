using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>Who asks: the same checks, each refusal worded for what the asker was doing.</summary>
public enum DistUse
{
    /// <summary><c>./build.sh Verify</c>, as a fleet host checks a download.</summary>
    Verify,
    /// <summary>Publish, before anything is written to GitHub.</summary>
    Publish,
    /// <summary>Rollout, before the fleet trusts the release's manifest and key.</summary>
    Rollout,
    /// <summary>The end of a run: is the staged dist complete (a check of the run's own output)?</summary>
    Completeness,
}

/// <summary>The verdicts a dist needs: passing ABI and compatibility verdicts of each library's exact bits.</summary>
/// <param name="RequireSoak">A release also needs the compatibility run to have included the soak.</param>
/// <param name="RequireLibraries">A dist without any library package is a problem too.</param>
public sealed record VerdictRequirement(bool RequireSoak = false, bool RequireLibraries = true);

/// <summary>What the asker expects of the dist, held against the signed trusted comment and the reports.</summary>
public sealed record DistExpectations
{
    public DistUse Use { get; init; } = DistUse.Verify;

    /// <summary>Check the trusted comment (one this pipeline writes, its key kind, version and commit); false checks
    /// the files and signatures only.</summary>
    public bool CheckTrustedComment { get; init; } = true;

    /// <summary>The version expected ("v" prefix allowed): any other, an older release too, is refused.</summary>
    public string? Version { get; init; }

    /// <summary>The commit the dist must have been built from, and the tag that names it.</summary>
    public string? Commit { get; init; }
    public string? Tag { get; init; }

    /// <summary>Accept a dist signed with a development key (a local build).</summary>
    public bool AllowDevelopment { get; init; }

    /// <summary>The file the public key came from, for messages.</summary>
    public string? KeyFileName { get; init; }

    /// <summary>Files and signatures only: what the rollout and a plain check ask.</summary>
    public static DistExpectations FilesAndSignatures(DistUse use = DistUse.Verify) => new() { Use = use,
        CheckTrustedComment = false };
}

/// <summary>A dist that checked out, and what its signed trusted comment says.</summary>
public sealed record VerifiedDist(DistFolder Dist, int FileCount, string TrustedCommentText,
    TrustedComment? TrustedComment);

public enum SignatureCheckState { Verified, NotVerified, Invalid, Unsigned }

/// <summary>What the report page shows of a dist's signature: checked with the keys the dist ships, never
/// refused.</summary>
public sealed record SignatureCheck(SignatureCheckState State, string Detail, KeyKind KeyKind = KeyKind.Unknown);

