using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenH264Build.Baselines;
using OpenH264Build.Compilation;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Host;
using OpenH264Build.Packaging;
using OpenH264Build.Patching;
using OpenH264Build.Signing;
using OpenH264Build.Source;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// What the provenance records, gathered from the run context (the results of Fetch, Toolchain, Baseline and
/// Package), git, the patch series and the target graph. A fact no stage gave (a stage skipped) is left out of the
/// statement, and a warning says so.
/// </summary>
partial class Build
{
    async Task<ProvenanceInputs> CollectProvenanceInputs(Func<string, string?> environment)
    {
        var results = Context.Results;
        var version = results.Find<PackagedDist>()?.Version.ToString() ?? PackageVersion;
        if (version is null) Log.Warning(
            "Provenance: no package version known (Package did not set one, no --package-version): " +
                "using 0.0.0-unversioned");
        if (results.Find<FetchedSource>() is null) Log.Warning(
            "Provenance: the upstream source pin is not known (Fetch did not run): left out");
        if (results.Find<BuiltToolchain>() is null) Log.Warning(
            "Provenance: the toolchain image id is not known (Toolchain did not run): left out");

        // What git said when the run began; read now when SignDist is called on its own (as tests do).
        var git = Context.Git.Commit is not null ? Context.Git : await GitInfo.ReadAsync(RootDirectory,
            CancellationToken);
        if (git.Commit is null) Log.Warning("Provenance: not a git checkout, the commit is recorded as unknown");
        return new ProvenanceInputs
        {
            Version = version ?? "0.0.0-unversioned",
            GitCommit = git.Commit ?? "unknown",
            GitTreeDirty = git.Commit is null ? null : git.IsDirty,
            Source = results.Find<FetchedSource>()?.Provenance,
            Patches = PatchSeries.Load(PatchesDirectory).Select(p => new FileDigest(p.Name, p.Sha256)).ToList(),
            ToolchainImageId = results.Find<BuiltToolchain>()?.Id,
            Baselines = BaselineDigests(),
            Targets = TargetNodes(),
            Parameters = NonSecretParameters(),
            // A build is one process: its start is the build's start.
            StartedOn = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero),
            FinishedOn = DateTimeOffset.UtcNow,
            GitHubRun = GitHubRun.FromEnvironment(environment),
        };
    }

    /// <summary>Each arch's baseline by digest; a path given here is named by its file name (the statement is
    /// published).</summary>
    IReadOnlyList<BaselineDigest> BaselineDigests() =>
        (Context.Results.Find<ChosenBaselines>()?.ByArch ?? new Dictionary<TargetArch, BaselineLibrary>())
        .OrderBy(b => b.Key)
        .Select(b => new BaselineDigest(b.Key.Name(), BuildParameter.ChoiceName(b.Value.Source.ToString()),
            b.Value.Source == BaselineSource.Path ? Path.GetFileName(b.Value.Library.SharedLibrary) : b.Value
                .Description, b.Value.Sha256))
        .ToList();

    List<TargetNode> TargetNodes() => TargetGraph.From(this).Targets
        .Select(t => new TargetNode(t.Name, t.DependencyDefinitions.Select(d => d.Name).ToList(),
            Results.FirstOrDefault(r => r.Name == t.Name)?.Status.ToString()))
        .ToList();

    /// <summary>
    /// Every [Parameter] of the build and its value, except [Secret] ones, which are not even named. A path is
    /// recorded relative to the repository (or by its file name when outside it): the statement is published,
    /// and the build machine's folders are neither part of the build's definition nor anyone's business.
    /// </summary>
    Dictionary<string, JsonNode?> NonSecretParameters() =>
        ParameterSet.Of(GetType()).Parameters
            .Where(p => !p.IsSecret)
            .ToDictionary(p => p.OptionName.TrimStart('-'), p => ParameterJson(p.GetValue(this)));

    static JsonNode? ParameterJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(PortablePath(s)),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        Enum e => JsonValue.Create(BuildParameter.ChoiceName(e.ToString())),
        Array a => new JsonArray(a.Cast<object?>().Select(ParameterJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    static string PortablePath(string value) =>
        !Path.IsPathFullyQualified(value) ? value
        : Path.GetRelativePath(RootDirectory, value) is var relative
            && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? relative.Replace('\\', '/')
            : Path.GetFileName(value.TrimEnd('/', '\\'));
}
