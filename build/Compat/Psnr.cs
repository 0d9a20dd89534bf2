namespace OpenH264Build.Compat;

/// <summary>Peak signal-to-noise ratio of 8-bit samples; identical planes give +infinity.</summary>
public static class Psnr
{
    public static double Of(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length || a.Length == 0) return 0;
        long sum = 0;
        for (var i = 0; i < a.Length; i++) { var d = a[i] - b[i]; sum += d * d; }
        if (sum == 0) return double.PositiveInfinity;
        var mse = (double)sum / a.Length;
        return 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    public static string Format(double psnr) => double.IsPositiveInfinity(psnr) ? "inf" : psnr.ToString("0.00",
        System.Globalization.CultureInfo.InvariantCulture);
}
