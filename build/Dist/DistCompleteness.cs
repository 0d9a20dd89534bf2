using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>
/// A complete dist is what a host may install: signed, every file checking out against the key it carries, each
/// library package with its ABI dump and with passing ABI and compatibility verdicts bound to its exact bits.
/// Only a complete dist replaces the last complete one.
/// </summary>
public static class DistCompleteness
{
    /// <summary>Why <paramref name="folder"/> is not a complete dist, or null when it is one.</summary>
    public static string? WhyIncomplete(string folder)
    {
        if (!File.Exists(Path.Combine(folder,
            Sha256Sums.FileName))) return "it is not signed (no SHA256SUMS: Sign did not run)";
        var key = Path.Combine(folder, ReleaseSigner.PublicKeyFileName);
        if (!File.Exists(key)) return $"it has no {ReleaseSigner.PublicKeyFileName}";
        VerifiedDist verified;
        try
        {
            // A check of the run's own output, not a verification a person asked for: it logs nothing itself.
            verified = new DistVerifier(Serilog.Core.Logger.None).Verify(folder, MinisignPublicKey.Load(key),
                new DistExpectations
            {
                Use = DistUse.Completeness, CheckTrustedComment = false,
            });
        }
        catch (VerificationFailure e)
        {
            return e.Message;
        }
        var unproven = ReleasePolicy.VerdictProblems(verified.Dist, new VerdictRequirement(RequireSoak: false),
            Serilog.Core.Logger.None);
        if (unproven.Count > 0) return string.Join("; ", unproven);
        var withoutDump = verified.Dist.Libraries
            .Select(l => l.PackageName[..^".tar.gz".Length] + ".abi.xml")
            .FirstOrDefault(dump => verified.Dist.File(dump) is null);
        return withoutDump is null ? null : $"{withoutDump} is missing (Abi did not run)";
    }
}
