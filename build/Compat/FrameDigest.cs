using System.Runtime.CompilerServices;

namespace OpenH264Build.Compat;

/// <summary>One decoded picture as the harness (or the FFmpeg oracle) reports it: size and a digest per
/// plane.</summary>
public sealed record FrameDigest(int Index, int Width, int Height, ulong Y, ulong U, ulong V)
{
    public ulong Plane(Plane plane) => plane switch { Compat.Plane.Y => Y, Compat.Plane.U => U, _ => V };

    /// <summary>The line that goes into a stream's decode digest: everything but the index.</summary>
    public string Canonical
    {
        get
        {
            Span<byte> line = stackalloc byte[MaxCanonicalLineBytes];
            return System.Text.Encoding.ASCII.GetString(line[..(WriteCanonicalLine(line) - 1)]);
        }
    }

    /// <summary>The most bytes <see cref="WriteCanonicalLine"/> writes.</summary>
    public const int MaxCanonicalLineBytes = 2 * 11 + 3 * 16 + 5;

    /// <summary>The canonical line and its newline as ASCII, written in place (no string per picture: a soak
    /// decode has tens of thousands); the number of bytes written.</summary>
    // Optimized from its first call (no tiering): it runs for every picture of a short-lived build process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int WriteCanonicalLine(Span<byte> destination)
    {
        var hexDigits = "0123456789abcdef"u8;
        if (destination.Length < MaxCanonicalLineBytes)
            throw new ArgumentException("The buffer is too small for a canonical line");
        var at = Decimal(Width, destination);
        destination[at++] = (byte)' ';
        at += Decimal(Height, destination[at..]);
        foreach (var plane in (ReadOnlySpan<ulong>)[Y, U, V])
        {
            destination[at++] = (byte)' ';
            // Sixteen lower-case hex digits, as "x16" formats them (hand-written: this runs for every picture of
            // every decode, several times per Compat run).
            for (var shift = 60; shift >= 0; shift -= 4) destination[at++] = hexDigits[(int)(plane >> shift) & 0xF];
        }
        destination[at++] = (byte)'\n';
        return at;
    }

    private static int Decimal(int value, Span<byte> destination) =>
        System.Buffers.Text.Utf8Formatter.TryFormat(value, destination, out var written) ? written
            : throw new ArgumentException("The buffer is too small for a number");
}

public enum Plane { Y, U, V }
