using System.Security.Cryptography;
using System.Text;
using OpenH264Build.Compat;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The canonical line of a picture is written by hand for speed; it must stay exactly what the decode digests, the
/// decode cache and the reviewed list of accepted differences were recorded with: "W H y u v", each plane digest in
/// sixteen lower-case hex digits.
/// </summary>
public sealed class FrameDigestTests
{
    [Fact]
    public void The_canonical_line_and_the_decode_digest_are_those_of_the_plain_text()
    {
        var random = new Random(7);
        var frames = Enumerable.Range(0, 500).Select(i => new FrameDigest(i, random.Next(1, 9000), random.Next(1, 9000),
            (ulong)random.NextInt64(), (ulong)random.NextInt64() << 1, i % 7 == 0 ? 0 : ulong.MaxValue - (ulong)i)).ToList();
        frames.Add(new FrameDigest(500, int.MaxValue, 0, 0, 1, 0xF));

        foreach (var frame in frames)
            Assert.Equal($"{frame.Width} {frame.Height} {frame.Y:x16} {frame.U:x16} {frame.V:x16}", frame.Canonical);
        var text = string.Concat(frames.Select(f => $"{f.Width} {f.Height} {f.Y:x16} {f.U:x16} {f.V:x16}\n"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text))), DecodeDigest.Of(frames));
    }
}
