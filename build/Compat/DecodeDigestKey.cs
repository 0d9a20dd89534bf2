namespace OpenH264Build.Compat;

/// <summary>
/// Everything that determines the pictures a full decode gives: the library (and any file it loads by path), the
/// harness, the stream, the sandbox image (its runtimes and qemu) and the CPU qemu emulates, each by its digest.
/// The same parts give the same pictures, so a decode is done once for them and its digests are reused after.
/// </summary>
public sealed record DecodeDigestKey(string Arch, string Library, string Harness, string Stream, string SandboxImage,
    string CpuModel)
{
    /// <summary>The entry format: a new one makes every old entry a miss.</summary>
    public const string Format = "openh264-decode-digests-v1";

    /// <summary>The named parts, recorded in each entry and compared again when it is read.</summary>
    public IReadOnlyList<(string Name, string Value)> Parts =>
    [
        ("format", Format), ("arch", Arch), ("library", Library), ("harness", Harness), ("stream", Stream),
        ("sandbox", SandboxImage), ("cpu", CpuModel),
    ];

    /// <summary>The entry's name in the store: a digest of every part.</summary>
    public string Id => Util.Sha256.OfParts([.. Parts])[..40];

    /// <summary>Where the store keeps it: beside the streams of the same library, harness, sandbox and CPU.</summary>
    public string Shelf => Arch + "-" + Util.Sha256.OfParts([.. Parts.Where(p => p.Name != "stream")])[..32];

    /// <summary>The library's digest, with those of the files it loads by path (a test's shim loads another).</summary>
    public static string LibraryDigest(string library, IReadOnlyList<string>? companions) =>
        string.Join("+", new[] { library }.Concat(companions ?? []).Select(Util.Sha256.OfFile));
}
