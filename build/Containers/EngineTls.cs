using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.X509;
using OpenH264Build.Engine;

namespace OpenH264Build.Containers;

/// <summary>
/// TLS to a remote engine, read the way the docker CLI reads it: with <c>DOCKER_TLS_VERIFY</c> set (or
/// <c>DOCKER_CERT_PATH</c> given) a <c>tcp://</c> engine is reached over TLS with the client certificate
/// <c>cert.pem</c>/<c>key.pem</c> from <c>DOCKER_CERT_PATH</c> (default <c>~/.docker</c>); with
/// <c>DOCKER_TLS_VERIFY</c> the engine's certificate must chain to <c>ca.pem</c> there and name the host.
/// </summary>
public static class EngineTls
{
    public static Credentials? CredentialsFor(Uri endpoint)
    {
        var verify = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY"));
        var certPath = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH");
        if (endpoint.Scheme is not ("tcp" or "https") || (!verify && string.IsNullOrEmpty(certPath))) return null;
        var folder = string.IsNullOrEmpty(certPath)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker") : certPath;
        string File(string name) => System.IO.File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name)
            : throw new BuildFailure($"TLS to the Docker engine at {endpoint}: {name} is not in {folder} (DOCKER_CERT_PATH)");
        var client = X509Certificate2.CreateFromPemFile(File("cert.pem"), File("key.pem"));
        var authority = verify ? X509CertificateLoader.LoadCertificateFromFile(File("ca.pem")) : null;
        return new CertificateCredentials(client)
        {
            ServerCertificateValidationCallback = (_, presented, _, errors) =>
                authority is null || ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && ChainsTo(authority, presented)),
        };
    }

    private static bool ChainsTo(X509Certificate2 authority, X509Certificate? presented)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(presented));
    }
}
