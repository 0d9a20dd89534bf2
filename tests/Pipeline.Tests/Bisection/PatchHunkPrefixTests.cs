using System.Security.Cryptography;
using System.Text;
using OpenH264Build.Bisection;
using OpenH264Build.Patching;
using OpenH264Build.Util;

namespace OpenH264Build.Tests.Bisection;

/// <summary>A patch cut to its first k hunks, applied with the same GNU patch (no fuzz) the build uses.</summary>
public sealed class PatchHunkPrefixTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hunk-prefix-" + Guid.NewGuid().ToString("N")[..8]);

    public PatchHunkPrefixTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    // git format-patch style: a header before the diff, "diff --git"/"index" lines, a missing newline at the end of a file,
    // and a removed line that starts with "--" (a "---" line of a hunk that is no file header).
    private const string GitPatch = """
        From: T <t@example.org>
        Subject: [PATCH] three hunks in two files

        ---
        diff --git a/one.txt b/one.txt
        index 1111111..2222222 100644
        --- a/one.txt
        +++ b/one.txt
        @@ -1,3 +1,3 @@
         alpha
        --- dashes
        +beta
         gamma
        \ No newline at end of file
        diff --git a/two.txt b/two.txt
        index 3333333..4444444 100644
        --- a/two.txt
        +++ b/two.txt
        @@ -1,3 +1,4 @@
         one
        +one and a half
         two
         three
        @@ -8,3 +9,3 @@
         eight
        -nine
        +NINE
         ten

        """;

    [Theory]
    [InlineData(0, "alpha\n-- dashes\ngamma", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n")]
    [InlineData(1, "alpha\nbeta\ngamma", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n")]
    [InlineData(2, "alpha\nbeta\ngamma", "one\none and a half\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n")]
    [InlineData(3, "alpha\nbeta\ngamma", "one\none and a half\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nNINE\nten\n")]
    public async Task The_first_k_hunks_apply_and_change_only_what_they_hold(int hunks, string one, string two)
    {
        var tree = Path.Combine(_dir, $"tree-{hunks}");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "one.txt"), "alpha\n-- dashes\ngamma");
        File.WriteAllText(Path.Combine(tree, "two.txt"), "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n");
        var patch = Patch("0001-three-hunks.patch", GitPatch);

        var cut = PatchHunkPrefix.Write(patch, hunks, Path.Combine(_dir, "cuts"));
        if (hunks > 0) await PatchApplier.ApplyAsync([cut], tree, CancellationToken.None);

        Assert.Equal(one, File.ReadAllText(Path.Combine(tree, "one.txt")));
        Assert.Equal(two, File.ReadAllText(Path.Combine(tree, "two.txt")));
        Assert.Equal(hunks, UnifiedDiffHunks.Parse(cut.Text).Count);
        Assert.Equal(hunks >= 2, cut.Text.Contains("diff --git a/two.txt"));
        Assert.Equal(Sha256.OfFile(cut.Path), cut.Sha256);
        Assert.StartsWith("From: T <t@example.org>\nSubject: [PATCH] three hunks in two files\n", cut.Text);
    }

    private SeriesPatch Patch(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return new SeriesPatch(name, path, text, Dep3Header.Parse(text), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), 1);
    }
}
