namespace OpenH264Build.Compat;

/// <summary>One picture's difference: how many macroblocks differ, and the PSNR of each plane.</summary>
public sealed record FrameDifference(int Frame, int DifferentMacroblocks, double PsnrY, double PsnrU, double PsnrV);

/// <summary>What the report says about a stream whose pictures differ (see issue: "When they differ").</summary>
public sealed record DifferenceAnalysis(
    int FirstFrame,
    Plane FirstPlane,
    IReadOnlyList<Plane> Planes,
    int MacroblockRow,
    int MacroblockColumn,
    int MacroblocksPerFrame,
    FrameDifference First,
    FrameDifference Last,
    string Trend,
    IReadOnlyList<FrameDifference> OverTime);

/// <summary>
/// Compares two raw decodes picture by picture from the first differing one: the first differing macroblock
/// (16x16 luma, 8x8 chroma, raster order) in the first differing plane, how many macroblocks differ in each
/// later picture, and whether that count grows (a drift) or stays put. The raw files may start at a later picture.
/// </summary>
public static class DifferenceAnalyzer
{
    /// <summary>How many pictures the PSNR-over-time table keeps (evenly spread), to stay readable.</summary>
    public const int TableRows = 12;

    public static DifferenceAnalysis? Analyze(string expectedRaw, IReadOnlyList<FrameDigest> expectedFrames,
        string actualRaw, IReadOnlyList<FrameDigest> actualFrames,
            Action<int, RawPicture, RawPicture>? onFirstDifference = null, int rawFrom = 0)
    {
        using var expectedReader = new RawVideoReader(expectedRaw);
        using var actualReader = new RawVideoReader(actualRaw);
        var common = Math.Min(expectedFrames.Count, actualFrames.Count);
        var over = new List<FrameDifference>();
        (int Row, int Column, Plane Plane, List<Plane> Planes)? first = null;
        var mbPerFrame = 0;
        // Both raw files start at picture rawFrom (the harness's and FFmpeg's --raw-from).
        for (var i = rawFrom; i < common; i++)
        {
            var e = expectedReader.Read(expectedFrames[i].Width, expectedFrames[i].Height);
            var a = actualReader.Read(actualFrames[i].Width, actualFrames[i].Height);
            if (e is null || a is null) break;
            if (first is null && expectedFrames[i] == actualFrames[i]) continue;
            if (e.Width != a.Width || e.Height != a.Height)
            {
                over.Add(new FrameDifference(i, int.MaxValue, 0, 0, 0));
                first ??= (0, 0, Plane.Y, [Plane.Y, Plane.U, Plane.V]);
                continue;
            }
            var (count, firstMb, planes) = DifferentMacroblocks(e, a);
            mbPerFrame = ((e.Width + 15) / 16) * ((e.Height + 15) / 16);
            if (first is null)
            {
                first = (firstMb.Row, firstMb.Column, firstMb.Plane, planes);
                onFirstDifference?.Invoke(i, e, a);
            }
            over.Add(new FrameDifference(i, count, Psnr.Of(e.PlaneData(Plane.Y), a.PlaneData(Plane.Y)),
                Psnr.Of(e.PlaneData(Plane.U), a.PlaneData(Plane.U)),
                    Psnr.Of(e.PlaneData(Plane.V), a.PlaneData(Plane.V))));
        }
        if (first is null || over.Count == 0) return null;
        return new DifferenceAnalysis(over[0].Frame, first.Value.Plane, first.Value.Planes, first.Value.Row,
            first.Value.Column, mbPerFrame,
            over[0], over[^1], Trend(over), Sample(over));
    }

    /// <summary>Macroblocks with any differing sample in any plane; the first one found in raster order, Y before U
    /// before V.</summary>
    internal static (int Count, (int Row, int Column, Plane Plane) First,
        List<Plane> Planes) DifferentMacroblocks(RawPicture e, RawPicture a)
    {
        var columns = (e.Width + 15) / 16;
        var rows = (e.Height + 15) / 16;
        var differs = new bool[rows * columns];
        (int Row, int Column, Plane Plane)? first = null;
        var planes = new List<Plane>();
        foreach (var plane in Enum.GetValues<Plane>())
        {
            var size = plane == Plane.Y ? 16 : 8;
            var width = e.PlaneWidth(plane);
            var height = e.PlaneHeight(plane);
            var pe = e.PlaneData(plane);
            var pa = a.PlaneData(plane);
            var any = false;
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (pe[y * width + x] == pa[y * width + x]) continue;
                any = true;
                var mb = (y / size) * columns + x / size;
                differs[mb] = true;
            }
            if (!any) continue;
            planes.Add(plane);
            if (first is null)
            {
                var index = Array.IndexOf(differs, true);
                first = (index / columns, index % columns, plane);
            }
        }
        return (differs.Count(d => d), first ?? (0, 0, Plane.Y), planes);
    }

    /// <summary>"grows" when the last pictures differ in clearly more macroblocks than the first, as a drift
    /// does.</summary>
    internal static string Trend(IReadOnlyList<FrameDifference> over)
    {
        if (over.Count < 2) return "single frame";
        var start = over[0].DifferentMacroblocks;
        var end = over[^1].DifferentMacroblocks;
        var peak = over.Max(o => o.DifferentMacroblocks);
        if (end > start) return "grows";
        if (end < start) return peak > start ? "grows then shrinks" : "shrinks";
        return peak > start ? "grows then shrinks" : "steady";
    }

    private static IReadOnlyList<FrameDifference> Sample(IReadOnlyList<FrameDifference> over)
    {
        if (over.Count <= TableRows) return over;
        return Enumerable.Range(0, TableRows).Select(i =>
            over[(int)Math.Round(i * (over.Count - 1) / (double)(TableRows - 1))]).ToList();
    }
}
