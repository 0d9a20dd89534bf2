using System.Net;
using System.Net.Sockets;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Patching;

/// <summary>
/// <c>./build.sh ImportPatch --from</c> with what release managers get: a git format-patch file, a GitHub pull
/// request's <c>.patch</c> (served here by a small server on 127.0.0.1), a distribution's series folder. Each import
/// keeps the headers, appends to series and proves the series still applies; a refused import changes nothing.
/// </summary>
public class PatchImportTests(DebianPatchSeries debian) : IClassFixture<DebianPatchSeries>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("patch-import-").FullName;
    private string Series => Path.Combine(_root, "patches", "series");

    public void Dispose() => Directory.Delete(_root, true);

    /// <summary>A copy of the project's own series to import into.</summary>
    private string ProjectSeriesCopy()
    {
        var folder = Path.Combine(_root, "patches");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "native", "patches")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return folder;
    }

    [Fact]
    public async Task A_git_format_patch_file_imports_with_its_header_and_applies()
    {
        var folder = ProjectSeriesCopy();
        var fixture = Dep3HeaderTests.Fixture("0001-decoder-say-why-macros.h-is-not-included.patch");
        var run = await PatchPipeline.RunAsync("ImportPatch", "--from", fixture, "--patches", folder);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(File.ReadAllText(fixture), File.ReadAllText(Path.Combine(folder, Path.GetFileName(fixture))));
        Assert.EndsWith("\n0001-decoder-say-why-macros.h-is-not-included.patch\n", File.ReadAllText(Series));
        Assert.Contains("Series: 0001-decoder-say-why-macros.h-is-not-included.patch: decoder: say why macros.h is not included", run.Output);
    }

    [Fact]
    public async Task A_pull_request_patch_address_imports_each_commit_as_git_names_it()
    {
        var folder = ProjectSeriesCopy();
        var body = await File.ReadAllBytesAsync(Dep3HeaderTests.Fixture("github-pull-request.patch"));
        using var server = new HttpListener();
        var port = FreePort();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/cisco/openh264/pull/3900.patch" ? 200 : 404;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var run = await PatchPipeline.RunAsync("ImportPatch", "--from", $"http://127.0.0.1:{port}/cisco/openh264/pull/3900.patch", "--patches", folder);
        await serving;
        Assert.True(run.ExitCode == 0, run.Output);
        string[] names = ["0002-Document-that-the-decoder-stops-at-an-unconcealed-er.patch", "0003-decoder-say-why-macros.h-is-not-included.patch"];
        Assert.EndsWith("\n" + string.Join("\n", names) + "\n", File.ReadAllText(Series));
        Assert.StartsWith("From a3042239f55f069e7c89ab0c27959f1f92a9a947 Mon Sep 17 00:00:00 2001\nFrom: =?UTF-8?q?Ren=C3=A9=20M=C3=BCller?=", File.ReadAllText(Path.Combine(folder, names[0])));
        Assert.Contains("Series: 0002-Document-that-the-decoder-stops-at-an-unconcealed-er.patch: Document that the decoder stops", run.Output);
    }

    [Fact]
    public async Task A_name_clash_is_refused_and_the_folder_is_left_as_it_was()
    {
        var folder = ProjectSeriesCopy();
        var before = File.ReadAllText(Series);
        var run = await PatchPipeline.RunAsync("ImportPatch", "--from", Path.Combine(folder, "0001-CVE-2025-27091-stop-after-unconcealed-error-in-WelsDecodeBs.patch"), "--patches", folder);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("0001-CVE-2025-27091-stop-after-unconcealed-error-in-WelsDecodeBs.patch: " + folder + " already has a patch of that name; nothing was imported", run.Output);
        Assert.Equal(before, File.ReadAllText(Series));
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_is_refused_and_the_folder_is_left_as_it_was()
    {
        var folder = ProjectSeriesCopy();
        var before = Directory.GetFiles(folder).ToDictionary(Path.GetFileName, File.ReadAllText);
        var stale = Path.Combine(_root, "0001-stale.patch");
        File.WriteAllText(stale, File.ReadAllText(Dep3HeaderTests.Fixture("0001-decoder-say-why-macros.h-is-not-included.patch"))
            .Replace(" #include \"version.h\"", " #include \"version2.h\""));
        var run = await PatchPipeline.RunAsync("ImportPatch", "--from", stale, "--patches", folder);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(@"Patch 0001-stale\.patch does not apply: hunk #1 \(@@ -48,7 \+48,7 @@, line \d+ of the patch\) of codec/decoder/plus/src/welsDecoderExt\.cpp FAILED", run.Output);
        Assert.Contains($"(nothing was imported: {folder} is as it was)", run.Output);
        Assert.Equal(before, Directory.GetFiles(folder).ToDictionary(Path.GetFileName, File.ReadAllText));
    }

    [Fact]
    public async Task A_distributions_series_folder_imports_into_a_new_folder_with_names_and_order_kept()
    {
        var folder = Path.Combine(_root, "from-debian");
        var run = await PatchPipeline.RunAsync("ImportPatch", "--from", debian.Folder, "--patches", folder);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(debian.Folder, "series")), File.ReadAllText(Path.Combine(folder, "series")));
        foreach (var name in File.ReadAllLines(Path.Combine(folder, "series")))
            Assert.Equal(File.ReadAllText(Path.Combine(debian.Folder, name)), File.ReadAllText(Path.Combine(folder, name)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
