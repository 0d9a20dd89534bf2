using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>How a verdict reads at a glance: the page colours it, the step summary marks it.</summary>
public enum VerdictTone { Good, Bad, Unclear, Missing }

/// <summary>An image a check report refers to (a heat map of drift), read from disk so the page can embed it.</summary>
public sealed record ReportImage(string Name, string? MediaType, byte[]? Content)
{
    public bool Exists => Content is not null;
}

/// <summary>
/// One check's report for one arch (artifacts/reports/abi-&lt;arch&gt;.json, compat-&lt;arch&gt;.json). Other
/// stages write them, so only "verdict" and "arch" are relied on; every other top-level value is shown as it is.
/// </summary>
public sealed record CheckReport(string Check, string Arch, string FileName)
{
    public string? Verdict { get; init; }
    public VerdictTone Tone { get; init; } = VerdictTone.Missing;

    /// <summary>Why the report could not be read (missing, not JSON); null when it was read.</summary>
    public string? Problem { get; init; }

    /// <summary>Top-level values other than verdict and arch, as text (objects and lists as indented JSON).</summary>
    public IReadOnlyList<(string Name, string Value)> Details { get; init; } = [];

    /// <summary>The binary policy the check applied, when its report names one ("policy").</summary>
    public IReadOnlyList<(string Name, string Value)> Policy { get; init; } = [];

    public IReadOnlyList<ReportImage> Images { get; init; } = [];
}

/// <summary>One file of the dist, as users download it.</summary>
public sealed record PackageFile(string Name, long Size, string Sha256);

public enum SignatureState { Verified, NotVerified, Invalid, Unsigned }

/// <summary>Whether SHA256SUMS is signed and whether a public key in the dist verified the signature.</summary>
public sealed record SignatureStatus(SignatureState State, string Detail);

/// <summary>One in-toto provenance file (*.intoto.jsonl): what it attests and to which files.</summary>
public sealed record ProvenanceFile(string Name, long Size, string Sha256)
{
    public string? PredicateType { get; init; }
    public string? Builder { get; init; }
    public IReadOnlyList<(string Name, string Sha256)> Subjects { get; init; } = [];
    public string? Problem { get; init; }
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
}
