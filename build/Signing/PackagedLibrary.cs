using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OpenH264Build.Formats;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace OpenH264Build.Signing;

/// <summary>
/// The library a package of the dist ships (<c>openh264-&lt;version&gt;-linux-&lt;arch&gt;.tar.gz</c>): the file that
/// <c>lib/libopenh264.so.7</c> resolves to inside the tarball, by its sha256. Read from the tarball itself, never
/// unpacked, so a verdict is held against the very bytes a host installs.
/// </summary>
public sealed partial record PackagedLibrary(string PackageName, string Arch, string Sha256)
{
    public const string LibraryLink = "lib/libopenh264.so.7";

    /// <summary>Every member of the tarball as written (names and link targets), for the release policy's
    /// canonical-name check.</summary>
    public IReadOnlyList<OpenH264Build.Archives.TarMember> Members { get; init; } = [];

    /// <summary>Every library package directly in <paramref name="folder"/> (debug packages are not
    /// libraries).</summary>
    public static IReadOnlyList<PackagedLibrary> FindAll(string folder) =>
        Directory.EnumerateFiles(folder).Select(Path.GetFileName).Select(n => (Name: n!,
            Match: PackagePattern().Match(n!)))
            .Where(x => x.Match.Success).OrderBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => Read(Path.Combine(folder, x.Name), x.Match.Groups["arch"].Value)).ToList();

    private static PackagedLibrary Read(string tarball, string arch)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new List<OpenH264Build.Archives.TarMember>();
        try
        {
            using var gzip = new GZipInputStream(File.OpenRead(tarball));
            using var tar = new TarInputStream(gzip, System.Text.Encoding.UTF8);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                members.Add(Member(entry));
                if (entry.TarHeader.TypeFlag == TarHeader.LF_SYMLINK) links[name] = entry.TarHeader.LinkName;
                else if (!entry.IsDirectory && name.StartsWith("lib/libopenh264.so", StringComparison.Ordinal))
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    using var sink = new HashingSink(hash);
                    tar.CopyEntryContents(sink);
                    files[name] = Convert.ToHexStringLower(hash.GetHashAndReset());
                }
            }
        }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib
            .SharpZipBaseException or IOException or EndOfStreamException)
        {
            throw new VerificationFailure($"{Path.GetFileName(tarball)} is not a readable tar.gz ({e.Message})");
        }
        return new PackagedLibrary(Path.GetFileName(tarball), arch,
            Resolve(files, links, Path.GetFileName(tarball))) { Members = members };
    }

    private static OpenH264Build.Archives.TarMember Member(TarEntry entry) => entry.TarHeader.TypeFlag switch
    {
        TarHeader.LF_SYMLINK => new(entry.Name, entry.TarHeader.LinkName),
        TarHeader.LF_LINK => new(entry.Name, entry.TarHeader.LinkName, HardLink: true),
        _ => new(entry.Name),
    };

    /// <summary>Follows lib/libopenh264.so.7 through its links (inside lib/, at most a few) to the file it
    /// names.</summary>
    private static string Resolve(Dictionary<string, string> files, Dictionary<string, string> links, string tarball)
    {
        var name = LibraryLink;
        for (var hops = 0; hops < 8; hops++)
        {
            if (files.TryGetValue(name, out var digest)) return digest;
            if (!links.TryGetValue(name, out var target) || target.Contains('/')) break;
            name = "lib/" + target;
        }
        throw new VerificationFailure($"{tarball} has no {LibraryLink} that leads to a library file");
    }

    [GeneratedRegex(@"^openh264-.+-linux-(?<arch>[a-z0-9_]+)\.tar\.gz$")]
    private static partial Regex PackagePattern();

    /// <summary>A write-only stream that feeds a hash, so a library is digested without being held in memory.</summary>
    private sealed class HashingSink(IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set =>
            throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
