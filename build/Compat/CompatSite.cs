using OpenH264Build.Caching;

namespace OpenH264Build.Compat;

/// <summary>
/// Where a Compat check reads and writes, handed down by its stage as plain values: the checkout (its root and
/// native/), the download cache, the harness's source, the tree this run built (none when it built none), the verdict
/// cache, and Ctrl-C.
/// </summary>
public sealed record CompatSite(string Root, string Native, string Cache, string HarnessSource, string? PatchedTree,
    StageCache Verdicts, CancellationToken Cancellation);
