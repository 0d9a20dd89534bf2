using System.Globalization;

namespace OpenH264Build.Compat;

/// <summary>
/// FFmpeg's per-picture digests of a stream, kept beside the generated streams: they depend only on the stream's bytes,
/// FFmpeg's version, the plane digest and the picture size, so a warm run (the soak's 70,000 pictures included) does
/// not decode again.
/// </summary>
public sealed class OracleCache(string cacheDirectory)
{
    public async Task<IReadOnlyList<FrameDigest>> DigestsAsync(CorpusItem item, int width, int height,
        CancellationToken cancellationToken)
    {
        var key = CorpusGenerator.RecipeHash("ffmpeg-oracle", PlaneDigest.Name, item.Sha256,
            await FfmpegReference.VersionAsync(cancellationToken),
            width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture));
        var file = Path.Combine(cacheDirectory, "oracle", key + ".digests");
        if (File.Exists(file)) return File.ReadLines(file).Select(Parse).ToList();
        var digests = await FfmpegReference.DecodeAsync(item.StreamPath, width, height,
            cancellationToken: cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = file + "." + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllLinesAsync(temporary,
            digests.Select(d => $"{d.Width} {d.Height} {d.Y:x16} {d.U:x16} {d.V:x16}"), cancellationToken);
        File.Move(temporary, file, true);
        return digests;
    }

    private static FrameDigest Parse(string line, int index)
    {
        var p = line.Split(' ');
        return new FrameDigest(index, int.Parse(p[0], CultureInfo.InvariantCulture),
            int.Parse(p[1], CultureInfo.InvariantCulture),
            ulong.Parse(p[2], NumberStyles.HexNumber), ulong.Parse(p[3], NumberStyles.HexNumber),
                ulong.Parse(p[4], NumberStyles.HexNumber));
    }
}
