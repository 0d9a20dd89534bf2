using OpenH264Build.Patching;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Patching;

/// <summary>DEP-3 headers in the forms they come in: hand-written, git format-patch (GitHub), gbp (Debian).</summary>
public class Dep3HeaderTests
{
    internal static string Fixture(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Patching", "Fixtures", name);

    /// <summary>The first patch of Debian's series for openh264 2.3.1, as gbp pq writes it.</summary>
    public const string GbpPatch = """
        From: Laurent Bigonville <bigon@debian.org>
        Date: Fri, 17 Jun 2022 05:42:01 +0000
        Forwarded: https://github.com/cisco/openh264/issues/3545
        Subject: FTBFS on x32 architecture

        Hello,

        openh264 FTBFS on debian x32 architecture:

         1. The -m64 flag passed to the compiler
        ---
        Index: openh264-2.2.0+dfsg/build/platform-linux.mk
        ===================================================================
        --- openh264-2.2.0+dfsg.orig/build/platform-linux.mk
        +++ openh264-2.2.0+dfsg/build/platform-linux.mk
        @@ -1 +1 @@
        -a
        +b

        """;

    [Fact]
    public void A_git_format_patch_message_is_read_past_its_mbox_line_prefix_folding_encoding_and_diffstat()
    {
        var first = IncomingPatches.MboxMessages(File.ReadAllText(Fixture("github-pull-request.patch")))[0];
        var header = Dep3Header.Parse(first);
        Assert.Equal("Document that the decoder stops at an unconcealed error, so callers know why a frame is missing after a corrupt NAL unit", header.Title);
        Assert.Equal("René Müller <rene@example.org>", header.Author);
        Assert.Equal("Callers saw a missing frame after a corrupt NAL unit and could not tell why.\nSay it in the README.\n\nFixes #3818",
            string.Join('\n', header.Description!.Split('\n').Skip(1)));
        Assert.DoesNotContain("README.md |", header.Description);
        Assert.Empty(header.MissingRequired());
    }

    [Fact]
    public void A_gbp_header_takes_the_free_form_body_as_the_long_description_and_needs_no_Origin()
    {
        var header = Dep3Header.Parse(GbpPatch);
        Assert.Equal("FTBFS on x32 architecture", header.Title);
        Assert.StartsWith("FTBFS on x32 architecture\nHello,\n\nopenh264 FTBFS", header.Description);
        Assert.Equal("https://github.com/cisco/openh264/issues/3545", header.Forwarded);
        Assert.True(header.IsForwarded);
        Assert.Empty(header.MissingRequired());
        Assert.Empty(header.Recommendations());
    }

    [Fact]
    public void A_second_set_of_fields_after_the_free_form_text_is_read_as_fields()
    {
        var header = Dep3Header.Parse("Subject: [PATCH v2 3/7] Fix it\n\nLong text.\n\nOrigin: upstream, commit:63db555e30986e3a5f07871368dc90ae78c27449\nBug: https://github.com/cisco/openh264/issues/1\n\n---\n--- a/x\n+++ b/x\n");
        Assert.Equal("Fix it", header.Title);
        Assert.Equal("Fix it\nLong text.", header.Description);
        Assert.Equal("upstream", header.OriginCategory);
        Assert.Equal(["https://github.com/cisco/openh264/issues/1"], header.Bugs);
    }

    [Fact]
    public void Fields_in_the_comments_of_a_script_patch_are_read()
    {
        var header = Dep3Header.Parse("#! /bin/sh /usr/share/dpatch/dpatch-run\n# Description: Fix it\n#  More about it.\n# Author: A <a@example.org>\n\n@DPATCH@\n--- a/x\n+++ b/x\n");
        Assert.Equal("Fix it\nMore about it.", header.Description);
        Assert.Equal("A <a@example.org>", header.Author);
    }

    [Fact]
    public void Only_Description_and_an_Origin_or_Author_are_required()
    {
        Assert.Empty(Dep3Header.Parse("Description: x\nOrigin: vendor\n---\n").MissingRequired());
        Assert.Empty(Dep3Header.Parse("Subject: x\nFrom: A <a@b>\n---\n").MissingRequired());
        Assert.Equal(["no Description (or Subject) field"], Dep3Header.Parse("Author: A\n---\n").MissingRequired());
        Assert.Equal(["no Origin field, and no Author (or From) field that would stand for it"], Dep3Header.Parse("Description: x\nForwarded: no\n---\n").MissingRequired());
    }

    [Fact]
    public void A_missing_recommended_field_is_a_warning()
    {
        var header = Dep3Header.Parse("From: Bastian Germann <bage@debian.org>\nSubject: Prevent building armel with NEON\n\n---\n");
        Assert.Empty(header.MissingRequired());
        Assert.StartsWith("DEP-3: no Forwarded field (recommended)", Assert.Single(header.Recommendations()));
        Assert.Empty(Dep3Header.Parse("Subject: x\nFrom: a\nOrigin: upstream, 63db555e\n---\n").Recommendations());
        Assert.Contains("not a date", Assert.Single(Dep3Header.Parse("Subject: x\nFrom: a\nForwarded: no\nLast-Update: 5 May\n---\n").Recommendations()));
    }

    [Fact]
    public void Upstream_links_come_from_Bug_Forwarded_Origin_and_Applied_Upstream_and_a_bare_commit_becomes_a_link()
    {
        var header = Dep3Header.Parse("""
            Description: x
            Origin: upstream, 63db555e30986e3a5f07871368dc90ae78c27449
            Bug: https://github.com/cisco/openh264/pull/3818
            Forwarded: https://github.com/cisco/openh264/issues/3545
            Applied-Upstream: 2.6.0, commit:ABCDEF1234567, https://github.com/cisco/openh264/pull/3818
            ---
            """);
        Assert.Equal(
        [
            new PatchLink("bug", "https://github.com/cisco/openh264/pull/3818"),
            new PatchLink("forwarded", "https://github.com/cisco/openh264/issues/3545"),
            new PatchLink("origin", "https://github.com/cisco/openh264/commit/63db555e30986e3a5f07871368dc90ae78c27449"),
            new PatchLink("applied-upstream", "https://github.com/cisco/openh264/commit/abcdef1234567"),
        ], PatchLinks.Of(header));
        Assert.Empty(PatchLinks.Of(Dep3Header.Parse("Description: x\nOrigin: vendor\nForwarded: not-needed\n---\n")));
    }
}
