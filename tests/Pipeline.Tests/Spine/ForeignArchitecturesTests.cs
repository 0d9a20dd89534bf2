using OpenH264Build.Host;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// What Prerequisites decides about apt's architectures, as pure cases: no tree, no machine state, so they run beside
/// the other collections. <see cref="PrerequisitesTests"/> drives the same decision through ./build.sh.
/// </summary>
public sealed class ForeignArchitecturesTests
{
    [Theory]
    [InlineData("amd64", "", "arm64")]
    [InlineData("amd64", "i386\n", "arm64")]
    [InlineData("amd64", "arm64\n", "")]
    [InlineData("amd64", "i386\narm64\n", "")]
    [InlineData("arm64\n", "", "")] // a Raspberry Pi builds on arm64 itself
    public void Arm64_is_missing_exactly_when_apt_knows_it_neither_as_native_nor_as_foreign(string native, string foreign, string missing) =>
        Assert.Equal(missing.Length == 0 ? [] : [missing], ForeignArchitectures.Missing(native, foreign));

    [Fact]
    public void A_missing_architecture_is_added_and_the_package_lists_refreshed_after_it()
    {
        var commands = ForeignArchitectures.Commands(["arm64"]).Select(c => $"{c.Program} {string.Join(' ', c.Arguments)}");
        Assert.Equal(["dpkg --add-architecture arm64", "apt-get update -q"], commands);
        Assert.Empty(ForeignArchitectures.Commands([]));
    }
}
