using System.Net;
using System.Net.Sockets;
using OpenH264Build.Containers;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Spine;

public class DockerEngineTests
{
    [Fact]
    public async Task A_missing_socket_is_reported_naming_docker_and_DOCKER_HOST()
    {
        var e = await Assert.ThrowsAsync<BuildFailure>(() => DockerEngine.ConnectAsync("unix:///nonexistent/docker.sock", default));
        Assert.Contains("Docker engine not reachable at unix:///nonexistent/docker.sock", e.Message);
        Assert.Contains("DOCKER_HOST", e.Message);
    }

    [Fact]
    public async Task An_engine_that_accepts_but_never_answers_is_reported_not_waited_for()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var e = await Assert.ThrowsAsync<BuildFailure>(() => DockerEngine.ConnectAsync($"tcp://127.0.0.1:{port}", default));
        Assert.Contains("no answer within", e.Message);
        Assert.Contains("DOCKER_HOST", e.Message);
    }

    [Fact]
    public async Task The_real_engine_is_reached_and_the_api_version_is_negotiated_with_it()
    {
        using var engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        var version = await engine.Client.System.GetVersionAsync();
        Assert.Equal(version.APIVersion, engine.ApiVersion);
    }
}
