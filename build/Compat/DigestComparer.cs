using System.Runtime.CompilerServices;

namespace OpenH264Build.Compat;

/// <summary>Where two decodes of one stream first part: a picture, and which of its planes differ.</summary>
public sealed record DigestDifference(int Frame, IReadOnlyList<Plane> Planes, int ExpectedFrames, int ActualFrames)
{
    /// <summary>True when every common picture is equal and only the number of pictures differs.</summary>
    public bool OnlyFrameCount => Planes.Count == 0;
}

/// <summary>Frame-for-frame comparison of per-plane digests (baseline or FFmpeg against the candidate).</summary>
public static class DigestComparer
{
    // Optimized from its first call (no tiering): it runs over every picture of a short-lived build process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DigestDifference? Compare(IReadOnlyList<FrameDigest> expected, IReadOnlyList<FrameDigest> actual)
    {
        var common = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < common; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (e.Width != a.Width || e.Height != a.Height) return new DigestDifference(i, [Plane.Y, Plane.U,
                Plane.V], expected.Count, actual.Count);
            if (e.Y == a.Y && e.U == a.U && e.V == a.V) continue;
            var planes = Enum.GetValues<Plane>().Where(p => e.Plane(p) != a.Plane(p)).ToList();
            if (planes.Count > 0) return new DigestDifference(i, planes, expected.Count, actual.Count);
        }
        return expected.Count == actual.Count ? null : new DigestDifference(common, [], expected.Count, actual.Count);
    }
}
