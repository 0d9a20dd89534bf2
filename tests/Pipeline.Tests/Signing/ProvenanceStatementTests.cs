using System.Text.Json.Nodes;
using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Tests.Signing;

public class ProvenanceStatementTests
{
    [Fact]
    public void Patches_are_resolved_dependencies_in_series_order_and_unknown_facts_are_left_out()
    {
        using var key = MinisignSecretKey.Generate();
        var inputs = new ProvenanceInputs
        {
            Version = "2.6.0-1",
            GitCommit = new string('c', 40),
            Patches = [new FileDigest("0002-b.patch", new string('2', 64)), new FileDigest("0001-a.patch", new string('1', 64))],
            Parameters = new Dictionary<string, JsonNode?> { ["suite"] = "bookworm", ["docker-host"] = null },
            StartedOn = DateTimeOffset.Parse("2026-01-02T03:04:05Z"),
            FinishedOn = DateTimeOffset.Parse("2026-01-02T03:14:05Z"),
        };
        var statement = ProvenanceStatement.Create([new FileDigest("b.tar.gz", new string('f', 64)), new FileDigest("a.tar.gz", new string('e', 64))], inputs, key.PublicKey, developmentKey: false);

        Assert.Equal(["a.tar.gz", "b.tar.gz"], ProvenanceStatement.Subjects(statement, "s").Select(s => s.Name));
        var dependencies = statement["predicate"]!["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        Assert.Equal(["build-definition", "patches/0002-b.patch", "patches/0001-a.patch"], dependencies.Select(d => (string?)d!["name"]));
        Assert.DoesNotContain("null", statement.ToJsonString());
        Assert.Equal("2026-01-02T03:14:05Z", (string?)statement["predicate"]!["runDetails"]!["metadata"]!["finishedOn"]);
    }

    [Fact]
    public void A_DSSE_envelope_does_not_open_with_another_key_or_a_changed_payload()
    {
        using var key = MinisignSecretKey.Generate();
        using var other = MinisignSecretKey.Generate();
        var line = DsseEnvelope.Sign(new JsonObject { ["_type"] = ProvenanceStatement.StatementType }, key);
        Assert.NotNull(DsseEnvelope.Open(line, key.PublicKey, "p"));
        Assert.Contains("no DSSE signature", Assert.Throws<VerificationFailure>(() => DsseEnvelope.Open(line, other.PublicKey, "p")).Message);

        var envelope = JsonNode.Parse(line)!;
        envelope["payload"] = Convert.ToBase64String("{\"_type\":\"changed\"}"u8.ToArray());
        Assert.Throws<VerificationFailure>(() => DsseEnvelope.Open(envelope.ToJsonString(), key.PublicKey, "p"));
    }
}
