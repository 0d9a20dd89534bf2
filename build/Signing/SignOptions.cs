namespace OpenH264Build.Signing;

/// <summary>
/// Where Sign works and with which keys. The keys and the password are named here (a file, or the content an
/// environment variable held) and read only by the stage, when it signs.
/// </summary>
public sealed record SignOptions(string DistDirectory, string? SigningKey, string? SigningKeyPassword,
    string? PublicKey, string DevelopmentKeyFolder)
{
    /// <summary>The apt repository's release key (an armored OpenPGP secret key, or a file holding one); null: a
    /// development key.</summary>
    public string? RepositoryKey { get; init; }

    /// <summary>The apt repository Package assembled, which Sign signs.</summary>
    public string? AptRepositoryDirectory { get; init; }

    /// <summary>Where the development repository key is kept when no release one is given.</summary>
    public string DevelopmentRepositoryKeyFolder => Path.Combine(DevelopmentKeyFolder, "apt-gnupg");
}
