using OpenH264Build.Compat;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Compat;

/// <summary>The decode cache's key: each part counts, the emulated CPU is the one qemu is given, entries are checked.</summary>
public sealed class DecodeDigestKeyTests
{
    private static readonly DecodeDigestKey Key = new("aarch64", "lib", "harness", "stream", "image", "max");

    private static readonly DecodeRun Decode = new([new FrameDigest(0, 16, 16, 1, 2, 3), new FrameDigest(1, 16, 16, 4, 5, 6)], 0, "",
        TimeSpan.FromMilliseconds(12));

    [Fact]
    public void Every_part_of_the_key_changes_its_id()
    {
        var others = new[]
        {
            Key with { Arch = "x86_64" }, Key with { Library = "lib2" }, Key with { Harness = "harness2" },
            Key with { Stream = "stream2" }, Key with { SandboxImage = "image2" }, Key with { CpuModel = "cortex-a72" },
        };
        Assert.All(others, other => Assert.NotEqual(Key.Id, other.Id));
    }

    [Fact]
    public void The_emulated_cpu_of_the_key_is_the_one_qemu_is_given()
    {
        var executor = new ArchExecutor(TargetArch.Aarch64);
        var arguments = executor.Command("/h264harness", []).Arguments.ToList();
        var cpu = arguments.IndexOf("-cpu");
        Assert.Equal(cpu >= 0 ? arguments[cpu + 1] : "max", executor.CpuModel);
        Assert.Equal("host", new ArchExecutor(ArchExecutor.HostArch).CpuModel);
    }

    [Fact]
    public void An_entry_is_read_back_only_for_its_own_key_and_with_its_pictures_intact()
    {
        var text = DecodeDigestEntry.Write(Key, Decode);

        var (read, refused) = DecodeDigestEntry.Read(Key, text);
        Assert.Null(refused);
        Assert.Equal(Decode.Digest, read!.Digest);
        Assert.True(read.Reused);
        Assert.Equal(Decode.Duration, read.Duration);

        Assert.Null(DecodeDigestEntry.Read(Key with { Library = "lib2" }, text).Decode);
        Assert.Null(DecodeDigestEntry.Read(Key with { CpuModel = "cortex-a72" }, text).Decode);
        Assert.Null(DecodeDigestEntry.Read(Key, text.Replace("0000000000000006", "0000000000000007")).Decode);
        Assert.Null(DecodeDigestEntry.Read(Key, text[..^30]).Decode);
    }
}
