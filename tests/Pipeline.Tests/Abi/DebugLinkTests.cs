using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Abi;
using OpenH264Build.Elf;

namespace OpenH264Build.Tests.Abi;

/// <summary>A library's <c>.gnu_debuglink</c> is a file name beside it; a path in it is not followed anywhere.</summary>
public class DebugLinkTests
{
    [Theory]
    [InlineData("../../../etc/shadow")]
    [InlineData("/etc/shadow")]
    [InlineData("..")]
    [InlineData("sub/libfx.so.1.0.0.debug")]
    public async Task A_debuglink_that_is_a_path_is_not_a_debug_file_name(string link)
    {
        using var temp = new TempFolder();
        var built = await FixtureLibrary.BuildAsync(temp.Path);
        // A library built from untrusted code can carry any bytes in the section: replace it with a path.
        var section = Path.Combine(temp.Path, "link.bin");
        await File.WriteAllBytesAsync(section, [.. System.Text.Encoding.UTF8.GetBytes(link), 0, 0, 0, 0, 0, 0, 0, 0]);
        var result = await Cli.Wrap("objcopy").WithArguments(["--update-section", $".gnu_debuglink={section}", built.SharedLibrary])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);

        var facts = ElfInspector.Read(built.SharedLibrary);
        Assert.Null(facts.DebugLink);
        var found = LibraryFinder.FindDebugFile(temp.Path, built.SharedLibrary, facts.DebugLink, searchSubfolders: false);
        Assert.Equal(built.DebugFile, found); // the ordinary <library>.debug beside it, nothing the link names
    }

    [Fact]
    public async Task A_plain_debuglink_is_read_as_written()
    {
        using var temp = new TempFolder();
        var built = await FixtureLibrary.BuildAsync(temp.Path);
        Assert.Equal("libfx.so.1.0.0.debug", ElfInspector.Read(built.SharedLibrary).DebugLink);
    }
}
