using System.Security.Cryptography;

namespace OpenH264Build.Tests.Publishing.FakeGitHub;

/// <summary>What the fake GitHub keeps, shaped like GitHub's own objects.</summary>
public sealed class FakeRepository(string fullName)
{
    public string FullName { get; } = fullName;
    public List<FakeRelease> Releases { get; } = [];
    public Dictionary<int, FakeIssue> Issues { get; } = [];
    /// <summary>Commits each tag contains, for the compare endpoint (base tag ... head commit).</summary>
    public Dictionary<string, HashSet<string>> TagContains { get; } = [];
}

public sealed class FakeRelease
{
    public long Id { get; init; }
    public required string TagName { get; set; }
    public string? Name { get; set; }
    public string? Body { get; set; }
    public bool Draft { get; set; }
    public bool Prerelease { get; set; }
    public string? TargetCommitish { get; set; }
    public string? MakeLatest { get; set; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? PublishedAt { get; set; }
    public List<FakeAsset> Assets { get; } = [];
}

public sealed class FakeAsset
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public string State { get; set; } = "uploaded";
    public byte[] Content { get; set; } = [];
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

public sealed class FakeIssue
{
    public int Number { get; init; }
    public required string Title { get; init; }
    public string State { get; set; } = "open";
    public string? Body { get; set; }
    public string User { get; init; } = "someone";
    public bool IsPullRequest { get; init; }
    public bool Merged { get; set; }
    public string? MergeCommitSha { get; set; }
    public List<FakeComment> Comments { get; } = [];
}

public sealed class FakeComment
{
    public long Id { get; init; }
    public required string Body { get; set; }
    public string User { get; init; } = "someone";
}

public enum FaultKind
{
    /// <summary>502 Bad Gateway; for an upload, after part of the body was read and a broken asset left behind, as GitHub does.</summary>
    BadGateway,
    /// <summary>The connection is dropped without an answer.</summary>
    ResetConnection,
    /// <summary>403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset a few seconds ahead.</summary>
    RateLimit,
    /// <summary>403 secondary rate limit with Retry-After.</summary>
    SecondaryRateLimit,
    /// <summary>401 Bad credentials.</summary>
    Unauthorized,
    /// <summary>An upload that stops half way with a broken asset left behind, and <see cref="Fault.Then"/> called (the job is killed).</summary>
    KillDuringUpload,
}

/// <summary>A fault for the next <see cref="Times"/> requests whose method and path match.</summary>
public sealed class Fault
{
    public required string Method { get; init; }
    public required string PathContains { get; init; }
    public required FaultKind Kind { get; init; }
    public int Times { get; set; } = 1;
    public int Seconds { get; init; } = 60;
    /// <summary>How many matching requests to let through before the fault starts.</summary>
    public int After { get; set; }
    public Action? Then { get; init; }
}
