using System.Text.Json.Nodes;
using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>How a verdict reads at a glance: the page colours it, the step summary marks it.</summary>
public enum VerdictTone { Good, Bad, Unclear, Missing }

/// <summary>An image a check report refers to (a heat map of drift), read from disk so the page can embed it.</summary>
public sealed record ReportImage(string Name, string? MediaType, byte[]? Content)
{
    public bool Exists => Content is not null;
}

/// <summary>What the compatibility report says about its soak streams (the long streams a quick run leaves
/// out).</summary>
public sealed record SoakFacts(bool? Included, long? Streams, long? Frames, double? PlaySeconds,
    double? FramesPerSecond, string? Verdict);

/// <summary>
/// One check's report for one arch (artifacts/reports/abi-&lt;arch&gt;.json, compat-&lt;arch&gt;.json). Other
/// stages write them, so every field is read tolerantly: only "verdict" is needed, the rest is shown when present.
/// </summary>
public sealed record CheckReport(string Check, string Arch, string FileName)
{
    public string? Verdict { get; init; }
    public VerdictTone Tone { get; init; } = VerdictTone.Missing;

    /// <summary>Why the report could not be read (missing, not JSON); null when it was read.</summary>
    public string? Problem { get; init; }

    /// <summary>Top-level values other than verdict and arch, as readable text (nested values flattened, not
    /// JSON).</summary>
    public IReadOnlyList<(string Name, string Value)> Details { get; init; } = [];

    /// <summary>The report as read, for the page's detail tables.</summary>
    public JsonObject? Fields { get; init; }

    /// <summary>The binary policy the check applied, when its report names one ("policy").</summary>
    public IReadOnlyList<(string Name, string Value)> Policy { get; init; } = [];

    public IReadOnlyList<ReportImage> Images { get; init; } = [];

    /// <summary>The full sha256 of the library checked and of the one it was compared with ("candidateSha256",
    /// "baselineSha256").</summary>
    public string? CandidateSha256 { get; init; }
    public string? BaselineSha256 { get; init; }

    /// <summary>When the check really ran ("checkedAt"); a verdict restored from the cache keeps the time of its
    /// run.</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    public SoakFacts? Soak { get; init; }

    /// <summary>Whether a Markdown report (<c>abi-x86_64.md</c>) lies beside the JSON one.</summary>
    public bool HasMarkdown { get; init; }
    public string MarkdownName => Path.ChangeExtension(FileName, ".md");
}

/// <summary>One file of the dist, as users download it.</summary>
public sealed record PackageFile(string Name, long Size, string Sha256);

public enum SignatureState { Verified, NotVerified, Invalid, Unsigned }

/// <summary>Which key signed the dist, from the signed trusted comment ("key=release" or "key=development").</summary>
public enum SigningKeyKind { Unknown, Release, Development }

/// <summary>Whether SHA256SUMS is signed and whether a public key in the dist verified the signature.</summary>
public sealed record SignatureStatus(SignatureState State, string Detail)
{
    public SigningKeyKind KeyKind { get; init; }
}

/// <summary>One in-toto provenance file (*.intoto.jsonl): what it attests and to which files.</summary>
public sealed record ProvenanceFile(string Name, long Size, string Sha256)
{
    public string? PredicateType { get; init; }
    public string? Builder { get; init; }
    public IReadOnlyList<(string Name, string Sha256)> Subjects { get; init; } = [];
    public string? Problem { get; init; }
}

/// <summary>A link of a patch to upstream (its Bug, Forwarded, Origin or Applied-Upstream field).</summary>
public sealed record PatchLink(string Kind, string Url);

/// <summary>One patch of the series as the run applied it (artifacts/reports/patches.json).</summary>
public sealed record PatchEntry(string Name, string? Subject, string? Author, IReadOnlyList<PatchLink> Links,
    IReadOnlyList<string> Warnings);

public sealed record PatchList(string? Folder, IReadOnlyList<PatchEntry> Patches);

/// <summary>What this run was: the facts at the top of the page, given by the build.</summary>
public sealed record RunFacts
{
    public string? Version { get; init; }
    public string? Commit { get; init; }

    /// <summary>The arches this run was asked to build (--arch); an arch with only older reports is "not
    /// run".</summary>
    public IReadOnlyList<string>? RequestedArches { get; init; }

    /// <summary>When the run started: a check that ran before it was reused from the cache.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The Debian suite the library was built on, and that suite's glibc.</summary>
    public string? Suite { get; init; }
    public string? SuiteGlibc { get; init; }

    /// <summary>--abi-floor as given; empty when the floor is the baseline's own.</summary>
    public IReadOnlyList<string> AbiFloor { get; init; } = [];

    /// <summary>The run's log as a link from the reports folder (../logs/build-...log), when it wrote one.</summary>
    public string? LogLink { get; init; }
}

/// <summary>Everything the run's page shows, read from the results and the files the stages left.</summary>
public sealed record RunReport(
    IReadOnlyList<TargetResult> Results,
    IReadOnlyList<string> Arches,
    IReadOnlyList<CheckReport> Checks,
    IReadOnlyList<PackageFile> Packages,
    SignatureStatus Signature,
    IReadOnlyList<ProvenanceFile> Provenance)
{
    public DateTimeOffset Generated { get; init; } = DateTimeOffset.UtcNow;
    public string? DistFolder { get; init; }
    public RunFacts Facts { get; init; } = new();

    /// <summary>The series the run applied; null when no patches.json was written (the Patch target did not record
    /// it).</summary>
    public PatchList? Patches { get; init; }

    /// <summary>The rollout's plan and report; null when no rollout ran.</summary>
    public RolloutFacts? Rollout { get; init; }

    /// <summary>What the release policy (<c>ReleasePolicy.VerdictProblems</c>) finds missing or failed in the dist's
    /// verdicts.</summary>
    public IReadOnlyList<string> PolicyProblems { get; init; } = [];
}
