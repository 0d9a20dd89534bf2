using OpenH264Build.Dist;
using OpenH264Build.Packaging;
using OpenH264Build.Pipeline;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Publishing;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// The dist is replaced only by a complete signed dist, in one atomic swap; a partial run's output goes beside it.
/// </summary>
public class DistCommitTests
{
    /// <summary>A complete dist (bound verdicts, ABI dumps, signed) as a staging folder would hold it at the end of a run.</summary>
    private static async Task<PublishFixture> CompleteDist()
    {
        var fixture = await PublishFixture.Create(developmentKey: true);
        foreach (var arch in PublishFixture.Arches)
            await File.WriteAllTextAsync(Path.Combine(fixture.Dist, PublishFixture.PackageName(arch).Replace(".tar.gz", ".abi.xml")), "<abi-corpus/>");
        await fixture.Sign();
        Assert.Null(DistCompleteness.WhyIncomplete(fixture.Dist));
        return fixture;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>A last dist holding one old file, and the staging folder of the next run beside it.</summary>
    private static (string Dist, DistStaging Staging) OldDistAndStaging(TempFolder temp)
    {
        var dist = temp.File("dist");
        Directory.CreateDirectory(dist);
        File.WriteAllText(Path.Combine(dist, "old.tar.gz"), "old");
        return (dist, new DistStaging(temp.File(".staging/dist"), dist, temp.File("dist-partial"), DistCompleteness.WhyIncomplete));
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(Path.GetFileName, Util.Sha256.OfFile)!;

    [Fact]
    public async Task Package_alone_leaves_the_complete_dist_and_says_where_its_output_went()
    {
        using var complete = await CompleteDist();
        using var temp = new TempFolder();
        var dist = temp.File("dist");
        CopyFolder(complete.Dist, dist);
        var before = Snapshot(dist);
        var staging = new DistStaging(temp.File(".staging/dist"), dist, temp.File("dist-partial"), DistCompleteness.WhyIncomplete);

        staging.Start(); // what Package alone leaves: the tarballs, unsigned
        foreach (var arch in PublishFixture.Arches)
            File.Copy(Path.Combine(complete.Dist, PublishFixture.PackageName(arch)), Path.Combine(staging.Directory, PublishFixture.PackageName(arch)));
        staging.Finish(replaceAnyway: false);

        Assert.Equal(before, Snapshot(dist));
        Assert.Equal(PublishFixture.Arches.Select(PublishFixture.PackageName).Order(), Directory.GetFiles(temp.File("dist-partial")).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(staging.Directory));
    }

    [Fact]
    public async Task A_failed_run_keeps_the_previous_dist_even_when_it_staged_a_complete_signed_one()
    {
        using var complete = await CompleteDist();
        using var temp = new TempFolder();
        var (dist, staging) = OldDistAndStaging(temp);
        var before = Snapshot(dist);

        staging.Start(); // Sign succeeded, then a later target (Verify, Publish) failed
        CopyFolder(complete.Dist, staging.Directory);
        staging.End(succeeded: false, replaceAnyway: false);

        Assert.Equal(before, Snapshot(dist));
        Assert.False(Directory.Exists(staging.Directory));
        Assert.False(Directory.Exists(temp.File("dist-partial")));
    }

    [Fact]
    public async Task A_signed_dist_without_its_ABI_dumps_is_not_complete()
    {
        using var complete = await CompleteDist();
        File.Delete(Path.Combine(complete.Dist, PublishFixture.PackageName("x86_64").Replace(".tar.gz", ".abi.xml")));
        await complete.Sign(); // what Sign alone made of it: signed, but the ABI dump is gone
        Assert.Contains(".abi.xml is missing", DistCompleteness.WhyIncomplete(complete.Dist));
    }

    [Fact]
    public async Task A_complete_dist_replaces_the_last_one_and_replace_dist_forces_a_partial_one()
    {
        using var complete = await CompleteDist();
        using var temp = new TempFolder();
        var (dist, staging) = OldDistAndStaging(temp);

        staging.Start();
        CopyFolder(complete.Dist, staging.Directory);
        staging.Finish(replaceAnyway: false);
        Assert.Equal(Snapshot(complete.Dist), Snapshot(dist));
        Assert.False(Directory.Exists(temp.File("dist-partial")));

        staging.Start();
        File.WriteAllText(Path.Combine(staging.Directory, "only.tar.gz"), "partial");
        staging.Finish(replaceAnyway: true);
        Assert.Equal(["only.tar.gz"], Directory.GetFiles(dist).Select(Path.GetFileName));
        Assert.Equal([".staging", "dist"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_swap_exchanges_two_folders_in_one_step()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("new"));
        Directory.CreateDirectory(temp.File("dist"));
        File.WriteAllText(temp.File("new/a"), "new");
        File.WriteAllText(temp.File("dist/a"), "old");
        FolderSwap.Replace(temp.File("new"), temp.File("dist"));
        Assert.Equal("new", File.ReadAllText(temp.File("dist/a")));
        Assert.False(Directory.Exists(temp.File("new")));
    }
}
