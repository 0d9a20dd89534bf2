namespace OpenH264Build;

/// <summary>
/// What <c>--plan</c> says the run would read besides the source: the dist it would check or publish, the inventory,
/// the keys. A key's value is never shown (it may be the key itself), only where it would come from.
/// </summary>
partial class Build
{
    protected internal override IEnumerable<string> PlanInputs(IReadOnlyCollection<string> planned)
    {
        var stages = planned.Contains(nameof(Package));
        if (planned.Contains(nameof(Sign)))
        {
            yield return $"Sign signs {(stages ? "the dist this run stages" : Shown(Paths.Dist))}";
            yield return $"Sign reads the signing key {(SigningKey is null ? "(none given: a development key signs)"
                : "(given, secret)")}";
            yield return $"Sign signs the apt repository with {(RepositoryKey is null ? "a development key"
                : "the given key (secret)")}";
        }
        if (planned.Contains(nameof(Verify))) yield return $"Verify checks {Shown(Dist) ?? DistOfThisRun(stages)}";
        if (planned.Contains(nameof(Publish))) yield return $"Publish publishes {Shown(Dist) ?? DistOfThisRun(stages)}";
        if (planned.Contains(nameof(Rollout)))
        {
            yield return $"Rollout rolls out {(Release == "dist" ? Shown(Paths.Dist) : Shown(Release)
                ?? "(no --release given)")}";
            yield return $"Rollout reads the inventory {Shown(Inventory) ?? "(no --inventory given)"}";
        }
        if (new[] { nameof(Sign), nameof(Verify), nameof(Publish), nameof(Rollout) }.Any(planned.Contains))
            yield return $"the public key is {Shown(PublicKey) ?? "(none given)"}";
    }

    string DistOfThisRun(bool stages) => stages ? "the dist this run stages" : Shown(Paths.Dist)!;

    /// <summary>A path as the user would type it: relative to the checkout when inside it.</summary>
    static string? Shown(string? path)
    {
        if (path is null) return null;
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(RootDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }
}
