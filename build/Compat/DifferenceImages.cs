using SkiaSharp;

namespace OpenH264Build.Compat;

/// <summary>
/// PNGs of the first differing picture for a person to look at: the baseline, the candidate (BT.601 to RGB), and
/// a heat map of the largest per-sample difference over the three planes, with the macroblock grid drawn in.
/// </summary>
public static class DifferenceImages
{
    public static void Write(RawPicture expected, RawPicture actual, string expectedPng, string actualPng,
        string heatMapPng)
    {
        Save(ToRgb(expected), expectedPng);
        Save(ToRgb(actual), actualPng);
        Save(HeatMap(expected, actual), heatMapPng);
    }

    private static SKBitmap ToRgb(RawPicture picture)
    {
        var bitmap = new SKBitmap(picture.Width, picture.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var y = picture.PlaneData(Plane.Y);
        var u = picture.PlaneData(Plane.U);
        var v = picture.PlaneData(Plane.V);
        var pixels = new SKColor[picture.Width * picture.Height];
        for (var row = 0; row < picture.Height; row++)
        for (var col = 0; col < picture.Width; col++)
        {
            var c = (row / 2) * picture.ChromaWidth + col / 2;
            double luma = 1.164 * (y[row * picture.Width + col] - 16), cb = u[c] - 128, cr = v[c] - 128;
            pixels[row * picture.Width + col] = new SKColor(Clamp(luma + 1.596 * cr),
                Clamp(luma - 0.392 * cb - 0.813 * cr), Clamp(luma + 2.017 * cb));
        }
        bitmap.Pixels = pixels;
        return bitmap;
    }

    private static SKBitmap HeatMap(RawPicture expected, RawPicture actual)
    {
        var width = expected.Width;
        var height = expected.Height;
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new SKColor[width * height];
        var ey = expected.PlaneData(Plane.Y); var ay = actual.PlaneData(Plane.Y);
        var eu = expected.PlaneData(Plane.U); var au = actual.PlaneData(Plane.U);
        var ev = expected.PlaneData(Plane.V); var av = actual.PlaneData(Plane.V);
        for (var row = 0; row < height; row++)
        for (var col = 0; col < width; col++)
        {
            var c = (row / 2) * expected.ChromaWidth + col / 2;
            var i = row * width + col;
            var d = Math.Max(Math.Abs(ey[i] - ay[i]), Math.Max(Math.Abs(eu[c] - au[c]), Math.Abs(ev[c] - av[c])));
            // Black where equal; any difference is at least clearly red, brighter (towards yellow) as it grows.
            pixels[i] = d == 0
                ? (row % 16 == 0 || col % 16 == 0 ? new SKColor(40, 40, 40) : SKColors.Black)
                : new SKColor(255, (byte)Math.Min(255, d * 4), 0);
        }
        bitmap.Pixels = pixels;
        return bitmap;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);

    private static void Save(SKBitmap bitmap, string path)
    {
        using (bitmap)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(path);
            data.SaveTo(file);
        }
    }
}
