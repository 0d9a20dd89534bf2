namespace OpenH264Build.Compat;

/// <summary>One decoded picture as the harness (or the FFmpeg oracle) reports it: size and a digest per
/// plane.</summary>
public sealed record FrameDigest(int Index, int Width, int Height, ulong Y, ulong U, ulong V)
{
    public ulong Plane(Plane plane) => plane switch { Compat.Plane.Y => Y, Compat.Plane.U => U, _ => V };

    /// <summary>The line that goes into a stream's decode digest: everything but the index.</summary>
    public string Canonical => $"{Width} {Height} {Y:x16} {U:x16} {V:x16}";
}

public enum Plane { Y, U, V }
