using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace OpenH264Build.Formats;

/// <summary>
/// A DSSE envelope (https://github.com/secure-systems-lab/dsse): the form in-toto tools expect on each line of an
/// <c>.intoto.jsonl</c> file. The Ed25519 signature covers the pre-authentication encoding
/// "DSSEv1 &lt;len(type)&gt; &lt;type&gt; &lt;len(body)&gt; &lt;body&gt;", so the payload type cannot be swapped.
/// </summary>
public static class DsseEnvelope
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>The statement is signed as one line of JSON (the bytes the signature covers).</summary>
    internal static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string Sign(JsonNode statement, MinisignSecretKey key)
    {
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString(Compact));
        var signature = key.Sign(PreAuthenticationEncoding(InTotoPayloadType, payload));
        var envelope = new JsonObject
        {
            ["payloadType"] = InTotoPayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = key.PublicKey
                .KeyIdText, ["sig"] = Convert.ToBase64String(signature) }),
        };
        return envelope.ToJsonString(Compact);
    }

    /// <summary>Checks one envelope line against the public key and returns its statement.</summary>
    public static JsonNode Open(string line, MinisignPublicKey publicKey, string source)
    {
        try
        {
            var envelope = JsonNode.Parse(line) ?? throw new JsonException();
            var type = envelope["payloadType"]?.GetValue<string>();
            if (type != InTotoPayloadType) throw new VerificationFailure(
                $"{source}: payload type is '{type}', not {InTotoPayloadType}", source);
            var payload = Convert.FromBase64String(envelope["payload"]?.GetValue<string>() ?? "");
            var message = PreAuthenticationEncoding(type, payload);
            var verified = (envelope["signatures"] as JsonArray ?? []).Any(s =>
            {
                var sig = Convert.FromBase64String(s?["sig"]?.GetValue<string>() ?? "");
                return sig.Length == 64 && Ed25519.Verify(sig, 0, publicKey.Key, 0, message, 0, message.Length);
            });
            if (!verified)
                throw new VerificationFailure($"{source}: no DSSE signature by key {publicKey.KeyIdText} matches " +
                    $"the statement", source);
            return JsonNode.Parse(payload) ?? throw new JsonException();
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new VerificationFailure($"{source}: not a DSSE envelope ({e.GetType().Name})", source);
        }
    }

    internal static byte[] PreAuthenticationEncoding(string type, byte[] body)
    {
        var typeBytes = Encoding.UTF8.GetBytes(type);
        return [.. Encoding.ASCII.GetBytes($"DSSEv1 {typeBytes.Length} "), .. typeBytes,
            .. Encoding.ASCII.GetBytes($" {body.Length} "), .. body];
    }
}
