namespace OpenH264Build.Compat;

/// <summary>One planar I420 picture, cropped, without padding (the harness's --raw and FFmpeg's rawvideo).</summary>
public sealed class RawPicture(int width, int height, byte[] data)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Data { get; } = data;

    public int ChromaWidth => (Width + 1) / 2;
    public int ChromaHeight => (Height + 1) / 2;

    public static int SizeOf(int width, int height) => width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);

    public int PlaneWidth(Plane plane) => plane == Plane.Y ? Width : ChromaWidth;
    public int PlaneHeight(Plane plane) => plane == Plane.Y ? Height : ChromaHeight;

    public ReadOnlySpan<byte> PlaneData(Plane plane)
    {
        var luma = Width * Height;
        var chroma = ChromaWidth * ChromaHeight;
        return plane switch
        {
            Plane.Y => Data.AsSpan(0, luma),
            Plane.U => Data.AsSpan(luma, chroma),
            _ => Data.AsSpan(luma + chroma, chroma),
        };
    }

    public FrameDigest Digest(int index) =>
        new(index, Width, Height, PlaneDigest.Of(PlaneData(Plane.Y)), PlaneDigest.Of(PlaneData(Plane.U)),
            PlaneDigest.Of(PlaneData(Plane.V)));
}

/// <summary>Reads the pictures of a raw I420 file in order; sizes come from the digests (they may change
/// mid-stream).</summary>
public sealed class RawVideoReader(string path) : IDisposable
{
    private readonly FileStream _stream = File.OpenRead(path);

    public RawPicture? Read(int width, int height)
    {
        var data = new byte[RawPicture.SizeOf(width, height)];
        var read = _stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        return read == data.Length ? new RawPicture(width, height, data) : null;
    }

    /// <summary>Every picture of a file whose pictures all have one size (FFmpeg's output).</summary>
    public static IEnumerable<RawPicture> ReadAll(string path, int width, int height)
    {
        using var reader = new RawVideoReader(path);
        while (reader.Read(width, height) is { } picture) yield return picture;
    }

    public void Dispose() => _stream.Dispose();
}
