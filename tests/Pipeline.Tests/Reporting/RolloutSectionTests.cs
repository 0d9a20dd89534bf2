using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>The page's rollout section, from the plan and the report the rollout itself writes.</summary>
public class RolloutSectionTests
{
    [Fact]
    public async Task A_rollout_shows_its_plan_per_wave_results_versions_per_host_count_and_a_link_to_rollout_json()
    {
        var reports = Directory.CreateTempSubdirectory("rollout-section-").FullName;
        var fleet = Enumerable.Range(1, 30).Select(i => new FleetHost($"srv-{i:D2}", "amd64"))
            .Concat(Enumerable.Range(1, 10).Select(i => new FleetHost($"pi-{i:D2}", "arm64"))).ToList();
        var waves = WavePlan.For(fleet, new HashSet<string>(), 4);
        RolloutPlan.Write(Path.Combine(reports, "rollout-plan.json"), waves, 4);
        var ledger = new RolloutLedger { Version = "2.3.1+fleet1", Seed = 4 };
        var canaries = waves[0].Hosts.Select(h => new HostResult { Host = h.Name, Arch = h.Arch, State = HostResult.Done, VersionAfter = "2.3.1+fleet1" }).ToList();
        var next = waves[1].Hosts.Select((h, i) => new HostResult
        {
            Host = h.Name, Arch = h.Arch, State = i == 0 ? HostResult.Unreachable : HostResult.Failed,
            VersionAfter = i == 0 ? null : "2.3.1+dfsg-3+deb12u2", Error = "<b>disk</b>",
        }).ToList();
        var summary = new RolloutSummary("2.3.1+fleet1", 1, 1);
        summary.Add("canary", canaries);
        summary.Add(waves[1].Name, next);
        summary.Halt("wave gate <tripped>");
        ledger.Record([.. canaries, .. next]);
        RolloutReport.Write(Path.Combine(reports, "rollout.json"), summary, ledger);

        var html = ReportPage.Render(await RunReportReader.Read([], ["x86_64"], reports, null));
        Assert.Contains("<h2>Rollout</h2>", html);
        Assert.Contains("<a href=\"rollout.json\">rollout.json</a>", html);
        Assert.Contains("wave gate &lt;tripped&gt;", html);
        Assert.Contains("<tr><th>Wave</th><th>Hosts</th><th>amd64</th><th>arm64</th></tr>", html);
        Assert.Contains("<tr><td>canary</td><td>2</td><td>1</td><td>1</td></tr>", html);
        Assert.Contains("<tr><td>canary</td><td>2</td><td>2</td><td>0</td><td>0</td><td>0</td></tr>", html);
        Assert.Contains("<tr><td><code>2.3.1+fleet1</code></td><td>2</td></tr>", html);
        Assert.Contains($"Unreachable (not failures; the next run tries them again): {waves[1].Hosts[0].Name}", html);
        Directory.Delete(reports, recursive: true);
    }

    [Fact]
    public async Task Without_a_rollout_the_page_has_no_rollout_section()
    {
        var reports = Directory.CreateTempSubdirectory("rollout-section-").FullName;
        var html = ReportPage.Render(await RunReportReader.Read([], ["x86_64"], reports, null));
        Assert.DoesNotContain("Rollout", html);
        Directory.Delete(reports, recursive: true);
    }
}
