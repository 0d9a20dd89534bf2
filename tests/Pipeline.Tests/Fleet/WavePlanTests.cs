using System.Text.Json.Nodes;
using OpenH264Build.Fleet;

namespace OpenH264Build.Tests.Fleet;

/// <summary>Wave order, the failure budget and inventory reading: the parts of the rollout that need no host.</summary>
public class WavePlanTests
{
    private static List<FleetHost> Fleet(int amd64, int arm64) =>
        Enumerable.Range(1, amd64).Select(i => new FleetHost($"x{i:D5}", "amd64"))
            .Concat(Enumerable.Range(1, arm64).Select(i => new FleetHost($"r{i:D5}", "arm64"))).ToList();

    [Fact]
    public void Canaries_per_arch_come_first_then_waves_grow_to_1_5_25_and_100_percent_of_the_fleet()
    {
        var fleet = Fleet(10_000, 4_000);
        var waves = WavePlan.For(fleet, new HashSet<string>(), seed: 7);
        Assert.Equal(["canary", "1 %", "5 %", "25 %", "100 %"], waves.Select(w => w.Name));
        Assert.Equal(["amd64", "arm64"], waves[0].Hosts.Select(h => h.Arch).Order());
        // Cumulative shares of 14,000 hosts: 140, 700, 3,500, 14,000 (canaries count towards the first share).
        Assert.Equal([2, 138, 560, 2_800, 10_500], waves.Select(w => w.Hosts.Count));
        Assert.Equal(fleet.Count, waves.SelectMany(w => w.Hosts).Select(h => h.Name).Distinct().Count());
    }

    [Fact]
    public void On_14000_hosts_every_wave_after_the_canaries_mixes_both_arches_within_5_points_of_the_fleet()
    {
        var fleet = Enumerable.Range(1, 10_000).Select(i => new FleetHost($"srv-{i:D5}", "amd64"))
            .Concat(Enumerable.Range(1, 4_000).Select(i => new FleetHost($"pi-{i:D4}", "arm64"))).ToList();
        var waves = WavePlan.For(fleet, new HashSet<string>(), WavePlan.SeedFor("2.3.1+dfsg-3+deb12u2+fleet1"));
        Assert.Equal(["amd64", "arm64"], waves[0].Hosts.Select(h => h.Arch).Order());
        foreach (var wave in waves.Skip(1))
        {
            var arm64Share = 100.0 * wave.Hosts.Count(h => h.Arch == "arm64") / wave.Hosts.Count;
            Assert.True(Math.Abs(arm64Share - 100.0 * 4_000 / 14_000) <= 5, $"wave {wave.Name}: {arm64Share:0.0} % arm64");
        }
    }

    [Fact]
    public void The_seed_shuffles_within_each_arch_and_the_same_seed_gives_the_same_waves()
    {
        var fleet = Fleet(1_000, 400);
        var once = WavePlan.For(fleet, new HashSet<string>(), 1);
        Assert.Equal(once.SelectMany(w => w.Hosts), WavePlan.For(fleet, new HashSet<string>(), 1).SelectMany(w => w.Hosts));
        Assert.NotEqual(once.SelectMany(w => w.Hosts), WavePlan.For(fleet, new HashSet<string>(), 2).SelectMany(w => w.Hosts));
        // Not the names' order: the 1 % wave's amd64 hosts are not the first names.
        Assert.NotEqual(fleet.Where(h => h.Arch == "amd64").Take(9).Select(h => h.Name),
            once[1].Hosts.Where(h => h.Arch == "amd64").Select(h => h.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_resumed_run_leaves_out_finished_hosts_and_keeps_the_wave_boundaries()
    {
        var fleet = Fleet(80, 20);
        var first = WavePlan.For(fleet, new HashSet<string>(), 3);
        var finished = first.Take(3).SelectMany(w => w.Hosts).Select(h => h.Name).ToHashSet();
        var resumed = WavePlan.For(fleet, finished, 3);
        Assert.Equal(first.Skip(3).Select(w => w.Name), resumed.Select(w => w.Name));
        Assert.Equal(first.Skip(3).Select(w => w.Hosts), resumed.Select(w => w.Hosts));
        Assert.DoesNotContain(resumed.SelectMany(w => w.Hosts), h => finished.Contains(h.Name));
    }

    [Theory]
    [InlineData("0", 100, 0)]
    [InlineData("3", 100, 3)]
    [InlineData("5%", 14000, 700)]
    [InlineData("2.5%", 10, 0)]
    public void The_budget_is_a_count_or_a_share_of_the_run(string text, int hosts, int allowed)
    {
        var budget = FailureBudget.Parse(text, hosts);
        Assert.Equal(allowed, budget.Allowed);
        Assert.False(budget.IsExceeded(allowed));
        Assert.True(budget.IsExceeded(allowed + 1));
    }

    [Fact]
    public void A_bad_budget_is_a_clear_error()
    {
        var error = Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => FailureBudget.Parse("lots", 10));
        Assert.Contains("--failure-budget 'lots'", error.Message);
    }

    [Fact]
    public void Failed_and_rolled_back_hosts_count_against_the_budget_done_and_unreachable_ones_do_not()
    {
        HostResult Of(string state) => new() { Host = "h", State = state };
        Assert.True(Of(HostResult.Failed).CountsAsFailure);
        Assert.True(Of(HostResult.RolledBack).CountsAsFailure);
        Assert.False(Of(HostResult.Unreachable).CountsAsFailure);
        Assert.True(Of(HostResult.Unreachable).IsUnreachable);
        Assert.False(Of(HostResult.Done).CountsAsFailure);
    }

    [Fact]
    public void The_inventory_gives_each_host_its_arch_by_variable_or_group_and_refuses_a_host_without_one()
    {
        var list = JsonNode.Parse("""
            { "_meta": { "hostvars": { "edge1": { "openh264_arch": "arm64" } } },
              "all": { "children": ["amd64", "ungrouped", "pis"] },
              "amd64": { "hosts": ["web1"] }, "pis": { "hosts": ["edge1"] }, "ungrouped": { "hosts": [] } }
            """)!.AsObject();
        Assert.Equal([new FleetHost("edge1", "arm64"), new FleetHost("web1", "amd64")], FleetInventory.Parse(list));

        list["ungrouped"]!["hosts"]!.AsArray().Add("mystery");
        var error = Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => FleetInventory.Parse(list));
        Assert.Contains("mystery", error.Message);
    }

    [Theory]
    [InlineData("web1;reboot")]
    [InlineData("web 1")]
    [InlineData("$(id)")]
    [InlineData("web1'")]
    public void A_host_name_outside_letters_digits_dot_underscore_and_dash_is_refused(string name)
    {
        var list = JsonNode.Parse("""{ "all": { "children": ["amd64"] }, "amd64": { "hosts": [] } }""")!.AsObject();
        list["amd64"]!["hosts"]!.AsArray().Add(name);
        var error = Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => FleetInventory.Parse(list));
        Assert.Contains($"Inventory host name '{name}' has characters outside A-Z a-z 0-9 . _ -", error.Message);
    }

    [Theory]
    [InlineData("ansible_ssh_common_args", "-o StrictHostKeyChecking=no")]
    [InlineData("ansible_ssh_extra_args", "-o UserKnownHostsFile=/dev/null")]
    [InlineData("ansible_host_key_checking", "false")]
    public void An_inventory_that_turns_host_key_checking_off_is_refused(string variable, string value)
    {
        var list = JsonNode.Parse("""{ "all": { "children": ["amd64"] }, "amd64": { "hosts": ["web1"] }, "_meta": { "hostvars": { "web1": {} } } }""")!.AsObject();
        list["_meta"]!["hostvars"]!["web1"]![variable] = value;
        var error = Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => FleetInventory.Parse(list));
        Assert.Contains($"Inventory host web1: {variable} turns host key checking off", error.Message);
    }

    [Fact]
    public void No_known_hosts_is_refused_with_the_command_that_adds_a_checked_key()
    {
        var error = Assert.Throws<OpenH264Build.Engine.BuildFailure>(() =>
            HostKeyCheck.RefuseWithoutKnownHosts("/nonexistent/known_hosts", [new FleetHost("web1", "amd64", "10.0.0.5")]));
        Assert.Contains("check each host's fingerprint, then add it (ssh-keyscan -H 10.0.0.5 >> /nonexistent/known_hosts)", error.Message);
    }

    [Fact]
    public void The_ledger_refuses_another_version_and_another_schema()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ledger-").FullName, "ledger.json");
        var ledger = RolloutLedger.LoadOrStart(path, "1.0+fleet1", seed: 5);
        ledger.Record([new HostResult { Host = "web1", State = HostResult.Done }]);
        ledger.Save(path);
        Assert.Equal(["web1"], RolloutLedger.LoadOrStart(path, "1.0+fleet1").Finished);
        Assert.Equal(5, RolloutLedger.LoadOrStart(path, "1.0+fleet1").Seed);
        Assert.Contains("seed 5, not 6", Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => RolloutLedger.LoadOrStart(path, "1.0+fleet1", 6)).Message);
        Assert.Contains("is for version 1.0+fleet1", Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => RolloutLedger.LoadOrStart(path, "1.0+fleet2")).Message);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Schema\": 2", "\"Schema\": 9"));
        Assert.Contains("schema 9", Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => RolloutLedger.LoadOrStart(path, "1.0+fleet1")).Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}

/// <summary>How a host Ansible could not reach is reported: its own reason, without ssh's chatter.</summary>
public class UnreachableReasonTests
{
    [Fact]
    public void The_reason_is_Ansibles_message_without_the_known_hosts_warning()
    {
        const string output = """
            fatal: [web5]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: Warning: Permanently added '10.0.0.5' (ED25519) to the list of known hosts.\r\nroot@10.0.0.5: Permission denied (publickey,password).", "unreachable": true}
            ok: [web6]
            """;
        var reasons = AnsibleRunner.UnreachableReasons(output);
        Assert.Equal(["web5"], reasons.Keys);
        Assert.Equal("unreachable: Failed to connect to the host via ssh: root@10.0.0.5: Permission denied (publickey,password).", reasons["web5"]);
    }
}
