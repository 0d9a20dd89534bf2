using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenH264Build.Processes;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// One binary package being laid out in a staging folder, then built by <c>dpkg-deb</c> (root-owned files, xz,
/// every time stamp clamped to the build's fixed time, so the same inputs make the same bytes).
/// </summary>
public sealed class DebPackage(string stagingDirectory, DateTime fixedTime)
{
    private readonly List<string> _controlFiles = [];

    public string Root => stagingDirectory;

    public string AddFile(string packagePath, string sourceFile, bool executable = false)
    {
        var target = PathOf(packagePath);
        File.Copy(sourceFile, target, overwrite: true);
        File.SetUnixFileMode(target, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return target;
    }

    public string AddText(string packagePath, string content, bool executable = false)
    {
        var target = PathOf(packagePath);
        File.WriteAllText(target, content);
        File.SetUnixFileMode(target, executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return target;
    }

    public void AddSymlink(string packagePath, string linkTarget) => File.CreateSymbolicLink(PathOf(packagePath),
        linkTarget);

    /// <summary>A gzip -9n file (no name, no time), as Debian Policy wants changelogs.</summary>
    public void AddGzipText(string packagePath, string content)
    {
        var target = PathOf(packagePath);
        using var output = File.Create(target);
        // GZipStream writes no file name and a zero time stamp: the bytes depend on the content only.
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize);
        gzip.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>A file of the DEBIAN control folder (control, shlibs, triggers).</summary>
    public void AddControl(string name, string content)
    {
        var target = PathOf("DEBIAN/" + name);
        File.WriteAllText(target, content);
        _controlFiles.Add(name);
    }

    public async Task<string> BuildAsync(string outputFile, CancellationToken ct)
    {
        AddControl("md5sums", Md5Sums());
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Append(Root))
            if (new FileInfo(entry).LinkTarget is null) File.SetLastWriteTimeUtc(entry, fixedTime);
        var epoch = new DateTimeOffset(fixedTime,
            TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await HostProgram.RunAsync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", Root, outputFile],
            new() { Environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = epoch } }, ct);
        return outputFile;
    }

    private string Md5Sums()
    {
        var lines = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("DEBIAN/", StringComparison.Ordinal)
                && new FileInfo(Path.Combine(Root, p)).LinkTarget is null)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => $"{Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(Root, p))))}  {p}\n");
        return string.Concat(lines);
    }

    private string PathOf(string packagePath)
    {
        var target = Path.Combine(Root, packagePath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return target;
    }

    /// <summary>The installed size in KiB, as the control file's Installed-Size field wants it.</summary>
    public long InstalledSizeKiB() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).StartsWith("DEBIAN", StringComparison.Ordinal))
            .Sum(f => (new FileInfo(f).Length + 1023) / 1024);
}
