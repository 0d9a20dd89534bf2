namespace OpenH264Build.Formats;

/// <summary>
/// The scrypt cost minisign uses to encrypt a secret key. The key file stores libsodium's opslimit and memlimit,
/// not N, r and p; libsodium turns them into N, r, p with its <c>pickparams</c>, and so must we, or the derived
/// stream (and so the decrypted key) differs.
/// </summary>
public readonly record struct ScryptParameters(int N, int R, int P)
{
    /// <summary>libsodium's crypto_pwhash_scryptsalsa208sha256 OPSLIMIT/MEMLIMIT_SENSITIVE: what minisign -G
    /// writes.</summary>
    public const ulong SensitiveOpsLimit = 33554432;
    public const ulong SensitiveMemLimit = 1073741824;

    /// <summary>A port of libsodium's pickparams
    /// (crypto_pwhash/scryptsalsa208sha256/pwhash_scryptsalsa208sha256.c).</summary>
    public static ScryptParameters FromLimits(ulong opsLimit, ulong memLimit)
    {
        if (opsLimit < 32768) opsLimit = 32768;
        const uint r = 8;
        int nLog2;
        uint p;
        if (opsLimit < memLimit / 32)
        {
            p = 1;
            var maxN = opsLimit / (r * 4);
            nLog2 = FirstLog2Above(maxN / 2);
        }
        else
        {
            var maxN = memLimit / (r * 128);
            nLog2 = FirstLog2Above(maxN / 2);
            var maxRp = opsLimit / 4 / (1UL << nLog2);
            if (maxRp > 0x3fffffff) maxRp = 0x3fffffff;
            p = (uint)maxRp / r;
        }
        // A key file is user input: refuse costs that would exhaust memory rather than try them (minisign's own
        // keys need N = 2^20, i.e. 1 GiB).
        if (nLog2 > 24 || p is 0 or > 16)
            throw new SigningFailure("signing key: its scrypt cost is out of range (not a key made by minisign)");
        return new ScryptParameters(1 << nLog2, (int)r, (int)p);
    }

    private static int FirstLog2Above(ulong limit)
    {
        int n;
        for (n = 1; n < 63; n++)
            if (1UL << n > limit) break;
        return n;
    }
}
