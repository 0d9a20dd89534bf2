using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenH264Build.Compat;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>A failed decode's reproducer bundle is linked from the report page and from compat-&lt;arch&gt;.md.</summary>
public sealed class ReproducerLinkTests
{
    private static readonly StreamResult Failed = new("cb-long", "decode", "fail", "differs from baseline from frame 180, plane Y",
        960, 960, "a", "b", Reproducer: "repro/aarch64-cb-long");

    [Fact]
    public void The_page_and_the_markdown_link_the_bundle_of_a_failed_stream()
    {
        var report = new CompatReport("fail", "aarch64", "baseline", "candidate", 1920, 1, 1920, [Failed]);
        var fields = JsonNode.Parse(JsonSerializer.Serialize(report, CorpusManifest.Json))!.AsObject();
        var html = new StringBuilder();
        CompatStreamsTable.Write(html, fields, "aarch64");
        Assert.Contains("href=\"repro/aarch64-cb-long/README.md\">reproducer bundle</a>", html.ToString());
        Assert.Contains("href=\"repro/aarch64-cb-long/ISSUE.md\"", html.ToString());
        Assert.Contains("[repro/aarch64-cb-long/](repro/aarch64-cb-long/README.md)", CompatReportWriter.Markdown(report));
    }

    [Fact]
    public void A_passing_stream_links_nothing()
    {
        var report = new CompatReport("pass", "aarch64", "baseline", "candidate", 1920, 1, 1920,
            [Failed with { Verdict = "pass", Reproducer = null }]);
        var html = new StringBuilder();
        CompatStreamsTable.Write(html, JsonNode.Parse(JsonSerializer.Serialize(report, CorpusManifest.Json))!.AsObject(), "aarch64");
        Assert.DoesNotContain("reproducer", html.ToString());
    }
}
