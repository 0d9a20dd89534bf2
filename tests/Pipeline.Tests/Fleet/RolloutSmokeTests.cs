namespace OpenH264Build.Tests.Fleet;

[Collection("Fleet.Release")]
public class RolloutSmokeTests(FleetReleaseFactory factory)
{
    [Fact]
    public async Task Two_hosts_one_per_arch_end_on_the_new_verified_library()
    {
        var release = await factory.MakeAsync("two-hosts");
        await using var hosts = await FleetHosts.StartAsync([new("amd64-01", "amd64"), new("arm64-01", "arm64")]);
        var run = await new RolloutDriver(factory, hosts).RunAsync(release, "two", "0");
        Assert.Null(run.Halt);
        foreach (var name in new[] { "amd64-01", "arm64-01" })
        {
            var host = run.Host(name);
            Assert.True(host.State == "done", $"{name}: {host.State}: {host.Error}");
            Assert.Equal(release.Manifest.DebianVersion, host.VersionAfter);
            Assert.Equal("2.3.1+dfsg-3+deb12u2", host.VersionBefore);
            Assert.Equal("pass", host.Smoke);
        }
    }
}
