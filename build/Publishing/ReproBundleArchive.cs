using OpenH264Build.Archives;
using OpenH264Build.Engine;

namespace OpenH264Build.Publishing;

/// <summary>
/// A reproducer bundle as ReportUpstream sends it: checked to be one (ISSUE.md, reproduce.sh, SHA256SUMS), its issue
/// title and body from ISSUE.md, and packed as a reproducible .tar.gz under its own folder name, so the same bundle
/// gives the same bytes, the same pre-release tag and the same asset.
/// </summary>
public sealed record ReproBundleArchive(string Folder, string Name, string Title, string Body, string Tag)
{
    public static readonly string[] Required = ["ISSUE.md", "reproduce.sh", "SHA256SUMS"];

    public string AssetName => Name + ".tar.gz";

    /// <summary>The pictures ISSUE.md shows (images/*.png), uploaded beside the bundle for the issue.</summary>
    public IReadOnlyList<string> Images => Directory.Exists(Path.Combine(Folder, "images"))
        ? Directory.GetFiles(Path.Combine(Folder, "images"), "*.png").Order(StringComparer.Ordinal).ToList() : [];

    public static ReproBundleArchive Load(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new BuildFailure($"--repro {folder}: no such folder (Compat writes them in artifacts/reports/repro)");
        if (Required.FirstOrDefault(f => !File.Exists(Path.Combine(full, f))) is { } missing)
            throw new BuildFailure($"--repro {folder} is not a reproducer bundle: it has no {missing}");
        var lines = File.ReadAllLines(Path.Combine(full, "ISSUE.md"));
        if (lines.Length == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal))
            throw new BuildFailure($"--repro {folder}: ISSUE.md does not start with a '# ' title line");
        var name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var tag = $"repro-{name}-{Util.Sha256.OfFile(Path.Combine(full, "SHA256SUMS"))[..12]}";
        var body = string.Join('\n', lines.Skip(1)).Trim() + "\n";
        return new ReproBundleArchive(full, name, lines[0][2..].Trim(), body, tag);
    }

    /// <summary>Writes the .tar.gz into a folder; returns its path.</summary>
    public string Pack(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, AssetName);
        TarWriter.WriteTarGz(path, TarWriter.EntriesOf(Folder, Name + "/"), TarWriter.DefaultEpoch);
        return path;
    }
}
