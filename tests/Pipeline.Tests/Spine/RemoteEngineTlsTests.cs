using CliWrap;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A remote engine over TLS, reached as the docker CLI reaches it: a second dockerd that accepts only clients with a
/// certificate of the test's own authority. With DOCKER_TLS_VERIFY and DOCKER_CERT_PATH the build reaches it; with
/// another authority's ca.pem, or no certificates at all, it refuses in one line naming the engine.
/// </summary>
[Collection(SecondEngine.Collection)]
public sealed class RemoteEngineTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-tls-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task The_build_reaches_a_TLS_engine_with_DOCKER_TLS_VERIFY_and_refuses_one_it_cannot_verify()
    {
        var good = await CertificatesAsync("good");
        // The engine would accept this client's certificate; only the client's own check of the engine can refuse.
        var other = Directory.CreateDirectory(Path.Combine(_dir, "other-authority")).FullName;
        foreach (var file in new[] { "cert.pem", "key.pem" }) File.Copy(Path.Combine(good, file), Path.Combine(other, file));
        File.Copy(Path.Combine(await CertificatesAsync("other"), "ca.pem"), Path.Combine(other, "ca.pem"));
        await using var engine = await SecondEngine.StartAsync("--tlsverify", "--tlscacert", Path.Combine(good, "ca.pem"),
            "--tlscert", Path.Combine(good, "server.pem"), "--tlskey", Path.Combine(good, "server-key.pem"));
        using var tree = await TestTree.CreateAsync();

        var trusted = await PrerequisitesAsync(tree, engine.Host, good);
        var mistrusted = await PrerequisitesAsync(tree, engine.Host, other);
        var plain = await tree.BuildWithAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.Host }, "Prerequisites", "--no-install");

        Assert.True(trusted.ExitCode == 0, trusted.StandardOutput + trusted.StandardError);
        Assert.NotEqual(0, mistrusted.ExitCode);
        Assert.Contains($"Docker engine not reachable at {engine.Host}", mistrusted.StandardOutput + mistrusted.StandardError);
        Assert.NotEqual(0, plain.ExitCode);
    }

    private static Task<CliWrap.Buffered.BufferedCommandResult> PrerequisitesAsync(TestTree tree, string host, string certificates) =>
        tree.BuildWithAsync(new Dictionary<string, string?>
        {
            ["DOCKER_HOST"] = host, ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = certificates,
        }, "Prerequisites", "--no-install");

    /// <summary>An authority of its own, a server certificate for 127.0.0.1 and a client certificate, made by openssl.</summary>
    private async Task<string> CertificatesAsync(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "client.ext"), "extendedKeyUsage=clientAuth\n");
        string[][] steps =
        [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "1", "-subj", $"/CN={name}-ca"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "server.ext"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "client.csr", "-subj", "/CN=client"],
            ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", "cert.pem", "-days", "1", "-extfile", "client.ext"],
        ];
        foreach (var step in steps)
            await Cli.Wrap("openssl").WithArguments(step).WithWorkingDirectory(folder).ExecuteAsync();
        return folder;
    }
}
