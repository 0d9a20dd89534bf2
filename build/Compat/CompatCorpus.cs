namespace OpenH264Build.Compat;

/// <summary>
/// The corpus of a Compat run (native/compat): the manifest of streams, the reviewed differences to accept, the
/// generator that makes or finds each stream in the cache, and FFmpeg's digests of them.
/// </summary>
public sealed class CompatCorpus
{
    public CompatCorpus(CompatSite site)
    {
        ManifestFile = Path.Combine(site.Native, "compat", "corpus.json");
        AcceptedFile = Path.Combine(site.Native, "compat", "accepted.json");
        Manifest = CorpusManifest.Load(ManifestFile);
        Accepted = AcceptedDifferences.Load(AcceptedFile);
        // {source}/res/... streams of the manifest come from the tree this run built (when its tarball has res/).
        Generator = new CorpusGenerator(Path.Combine(site.Cache, "corpus"), site.Root, site.PatchedTree);
        Oracle = new OracleCache(Generator.CacheDirectory);
    }

    public string ManifestFile { get; }
    public string AcceptedFile { get; }
    public CorpusManifest Manifest { get; }
    public AcceptedDifferences Accepted { get; }
    public CorpusGenerator Generator { get; }
    public OracleCache Oracle { get; }
}
