using System.Text.Json;
using System.Text.Json.Nodes;
using OpenH264Build.Formats;

namespace OpenH264Build.Signing;

/// <summary>
/// A SLSA v1 provenance statement (in-toto Statement v1, predicate https://slsa.dev/provenance/v1) for the files of
/// a release: which files (subjects, by sha256) came from which source, patches, toolchain, build definition and run.
/// </summary>
public static class ProvenanceStatement
{
    public static JsonObject Create(IEnumerable<FileDigest> subjects, ProvenanceInputs inputs,
        MinisignPublicKey signingKey, bool developmentKey)
    {
        var statement = new JsonObject
        {
            ["_type"] = StatementType,
            ["subject"] = new JsonArray(subjects.OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["digest"] = Sha256(s.Sha256) }).ToArray()),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["buildDefinition"] = new JsonObject
                {
                    ["buildType"] = BuildType,
                    ["externalParameters"] = ExternalParameters(inputs),
                    ["internalParameters"] = InternalParameters(inputs, signingKey, developmentKey),
                    ["resolvedDependencies"] = ResolvedDependencies(inputs),
                },
                ["runDetails"] = RunDetails(inputs),
            },
        };
        // Unknown facts are left out rather than written as null, as SLSA's optional fields are.
        WithoutNulls(statement);
        return statement;
    }

    /// <summary>The parameters the run was given, by name.</summary>
    private static JsonObject ExternalParameters(ProvenanceInputs inputs)
    {
        var external = new JsonObject();
        foreach (var (name, value) in inputs.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            external[name] = value?.DeepClone();
        return external;
    }

    /// <summary>What went in: the build definition (commit), the upstream source, each patch and the toolchain
    /// image.</summary>
    private static JsonArray ResolvedDependencies(ProvenanceInputs inputs)
    {
        var github = inputs.GitHubRun;
        var dependencies = new JsonArray();
        dependencies.Add(new JsonObject
        {
            ["name"] = "build-definition",
            // Outside GitHub Actions no address is recorded: a local remote URL can carry credentials.
            ["uri"] = github is null ? null : $"git+{github.ServerUrl}/{github.Repository}",
            ["digest"] = new JsonObject { ["gitCommit"] = inputs.GitCommit },
            ["annotations"] = inputs.GitTreeDirty is { } dirty ? new JsonObject { ["dirty"] = dirty } : null,
        });
        if (inputs.Source is { } source)
            dependencies.Add(new JsonObject { ["name"] = "upstream-source", ["uri"] = source.Uri, ["digest"] =
                Sha256(source.Sha256) });
        foreach (var patch in inputs.Patches)
            dependencies.Add(new JsonObject { ["name"] = $"patches/{patch.Name}", ["digest"] = Sha256(patch.Sha256) });
        if (inputs.ToolchainImageId is { } image)
            dependencies.Add(new JsonObject
            {
                ["name"] = "toolchain-image",
                ["digest"] = image.StartsWith("sha256:",
                    StringComparison.Ordinal) ? Sha256(image["sha256:".Length..]) : new JsonObject { ["id"] = image },
            });
        foreach (var baseline in inputs.Baselines)
            dependencies.Add(new JsonObject
            {
                ["name"] = $"baseline/{baseline.Arch}", ["digest"] = Sha256(baseline.Sha256),
                ["annotations"] = new JsonObject { ["source"] = baseline.Source, ["description"] =
                    baseline.Description },
            });
        return dependencies;
    }

    /// <summary>The version, the targets that ran, and the key the release is signed with.</summary>
    private static JsonObject InternalParameters(ProvenanceInputs inputs, MinisignPublicKey signingKey,
        bool developmentKey) => new()
    {
        ["version"] = inputs.Version,
        ["targets"] = new JsonArray(inputs.Targets.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["dependsOn"] = new JsonArray(t.DependsOn.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()),
            ["status"] = t.Status,
        }).ToArray()),
        ["signing"] = new JsonObject
        {
            ["keyId"] = signingKey.KeyIdText,
            ["publicKey"] = signingKey.ToBase64(),
            ["kind"] = developmentKey ? "development" : "release",
        },
    };

    /// <summary>Who built it and when; on GitHub Actions, the workflow run as a byproduct.</summary>
    private static JsonObject RunDetails(ProvenanceInputs inputs)
    {
        var github = inputs.GitHubRun;
        var runDetails = new JsonObject
        {
            ["builder"] = new JsonObject { ["id"] = github?.BuilderId ?? LocalBuilderId },
            ["metadata"] = new JsonObject
            {
                ["invocationId"] = github?.RunUrl ?? $"urn:uuid:{Guid.NewGuid()}",
                ["startedOn"] = Timestamp(inputs.StartedOn),
                ["finishedOn"] = Timestamp(inputs.FinishedOn),
            },
        };
        if (github is not null)
            runDetails["byproducts"] = new JsonArray(new JsonObject
            {
                ["name"] = "github-actions-run",
                ["uri"] = github.RunUrl,
                ["annotations"] = new JsonObject { ["event"] = github.EventName, ["sha"] =
                    github.Sha, ["workflowRef"] = github.WorkflowRef },
            });
        return runDetails;
    }

    private static void WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(name);
                foreach (var (_, value) in o) WithoutNulls(value);
                break;
            case JsonArray a:
                foreach (var item in a) WithoutNulls(item);
                break;
        }
    }

    /// <summary>The subjects of a statement, as (name, sha256); a statement of another shape is a failure naming
    /// <paramref name="source"/>.</summary>
    public static IReadOnlyList<FileDigest> Subjects(JsonNode statement, string source)
    {
        if (statement["_type"]?.GetValue<string>() != StatementType
            || statement["predicateType"]?.GetValue<string>() != PredicateType)
            throw new VerificationFailure($"{source}: not an in-toto SLSA v1 provenance statement", source);
        return (statement["subject"] as JsonArray ?? [])
            .Select(s => new FileDigest(s?["name"]?.GetValue<string>() ?? "",
                s?["digest"]?["sha256"]?.GetValue<string>() ?? ""))
            .ToList();
    }

    private static JsonObject Sha256(string hex) => new() { ["sha256"] = hex };
    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
        System.Globalization.CultureInfo.InvariantCulture);

    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";

    /// <summary>Our build type: a URN, since the definition is this repository's pipeline, not a hosted
    /// service.</summary>
    public const string BuildType = "urn:openh264-build:pipeline:v1";
    public const string LocalBuilderId = "urn:openh264-build:local";
}
