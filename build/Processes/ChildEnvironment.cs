using OpenH264Build.Engine;

namespace OpenH264Build.Processes;

/// <summary>
/// What a program the build starts sees of the build's environment: an allow-list, never the environment minus a
/// list, so a credential in the caller's environment (a cloud key, a CI job's token) reaches no child whatever its
/// name. Every child gets the search path, the home folder, the locale, the time zone, the temporary folder, the
/// proxy settings and where the trusted certificates are; anything else a program needs it names itself
/// (<see cref="ProgramOptions.Inherit"/>), and the secret parameters' variables are never passed, even by name.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Passed to every child when the build has them.</summary>
    public static readonly IReadOnlyList<string> Always =
    [
        "PATH", "HOME", "LANG", "LANGUAGE", "LC_*", "TZ", "TMPDIR",
        "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
        // Where the machine keeps the certificates it trusts: behind a proxy that signs TLS itself, npm, curl and
        // git reach no registry without them. They name files, never hold a secret.
        "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO",
        "REQUESTS_CA_BUNDLE",
    ];

    /// <summary>
    /// The changes CliWrap makes to the build's environment for one child: every variable that is not allowed is
    /// removed (a null value), then the caller's own variables are set.
    /// </summary>
    /// <param name="inherit">Names (or prefixes ending in *) the program needs from the build's environment.</param>
    /// <param name="set">Variables the caller sets (a null value removes one).</param>
    public static IReadOnlyDictionary<string, string?> For(
        IReadOnlyList<string>? inherit, IReadOnlyDictionary<string, string?>? set) =>
        For(Environment.GetEnvironmentVariables().Keys.Cast<string>(), inherit, set);

    /// <summary>The same for a given set of the build's variable names.</summary>
    public static IReadOnlyDictionary<string, string?> For(
        IEnumerable<string> buildVariables, IReadOnlyList<string>? inherit, IReadOnlyDictionary<string, string?>? set)
    {
        var allowed = Always.Concat(inherit ?? []).ToList();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in buildVariables)
            if (!allowed.Any(a => Matches(a, name))) environment[name] = null;
        foreach (var (name, value) in set ?? new Dictionary<string, string?>()) environment[name] = value;
        foreach (var name in SecretParameters.RemovedVariables) environment[name] = null;
        return environment;
    }

    private static bool Matches(string allowed, string name) =>
        allowed.EndsWith('*') ? name.StartsWith(allowed[..^1], StringComparison.Ordinal) : name == allowed;
}
