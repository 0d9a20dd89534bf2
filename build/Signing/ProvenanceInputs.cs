using System.Text.Json.Nodes;
using OpenH264Build.Formats;

namespace OpenH264Build.Signing;

/// <summary>The upstream source the build starts from: where it was fetched and the digest it was checked
/// against.</summary>
public sealed record ProvenanceSourcePin(string Uri, string Sha256);

/// <summary>The library an arch's candidate was judged against (Abi and Compat), by digest: what "a drop-in for"
/// means.</summary>
public sealed record BaselineDigest(string Arch, string Source, string Description, string Sha256);

/// <summary>One target of the build's graph, with what it depends on and, when known, how it ended.</summary>
public sealed record TargetNode(string Name, IReadOnlyList<string> DependsOn, string? Status = null);

/// <summary>
/// Every fact the provenance statement records that comes from the rest of the pipeline. The Sign stage does not
/// find these out itself: the build collects them (Build.Sign.cs) so the statement writer is testable alone.
/// Facts that are not known are null and left out of the statement, never guessed.
/// </summary>
public sealed record ProvenanceInputs
{
    public required string Version { get; init; }
    public required string GitCommit { get; init; }
    /// <summary>Whether the work tree had uncommitted changes: then the commit alone does not describe the
    /// source.</summary>
    public bool? GitTreeDirty { get; init; }
    public ProvenanceSourcePin? Source { get; init; }
    /// <summary>The quilt series in order, each patch's sha256.</summary>
    public IReadOnlyList<FileDigest> Patches { get; init; } = [];
    /// <summary>The toolchain image's id (sha256:...), which pins every compiler the build used.</summary>
    public string? ToolchainImageId { get; init; }
    /// <summary>The baseline of each arch, when the Baseline target ran.</summary>
    public IReadOnlyList<BaselineDigest> Baselines { get; init; } = [];
    public IReadOnlyList<TargetNode> Targets { get; init; } = [];
    /// <summary>The build's parameters except secret ones, as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Parameters { get; init; } = new Dictionary<string, JsonNode?>();
    public required DateTimeOffset StartedOn { get; init; }
    public required DateTimeOffset FinishedOn { get; init; }
    public GitHubRun? GitHubRun { get; init; }
}
