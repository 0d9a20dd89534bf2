using System.Net;
using Octokit;
using OpenH264Build.Engine;

namespace OpenH264Build.Publishing;

/// <summary>
/// Turns what GitHub answered into one line the release manager can act on. Octokit's messages carry no
/// token, and neither do these; the engine masks the token in every log line besides.
/// </summary>
public static class GitHubFailures
{
    public static BuildFailure Describe(string what, Exception e) => e switch
    {
        BuildFailure f => f,
        AuthorizationException =>
            new($"{what}: GitHub answered 401 Unauthorized: the token is missing, expired or wrong (check " +
                $"--github-token / GITHUB_TOKEN)", inner: e),
        RateLimitExceededException r =>
            new($"{what}: GitHub's rate limit is used up until {r.Reset
                .UtcDateTime:HH:mm:ss} UTC: run again after that", inner: e),
        SecondaryRateLimitExceededException or AbuseException =>
            new($"{what}: GitHub's secondary rate limit stopped the requests: run again in a few minutes", inner: e),
        ForbiddenException =>
            new($"{what}: GitHub answered 403 Forbidden: the token may not do this (a workflow needs 'permissions: " +
                $"contents: write' to publish, 'issues: write' to comment)", inner: e),
        NotFoundException =>
            new($"{what}: GitHub answered 404 Not Found: check the repository (--repository owner/name) and that the " +
                $"token can see it", inner: e),
        ApiException api =>
            new($"{what}: GitHub answered {(int)api.StatusCode} {api.StatusCode}: {api.ApiError?.Message
                ?? api.Message}", inner: e),
        _ when NameResolution.Failed(e) =>
            new($"{what}: the GitHub host name does not resolve ({e.Message}): no network or DNS here, or a wrong " +
                $"--github-api-url / --upstream-api-url", inner: e),
        HttpRequestException or IOException => new($"{what}: could not reach GitHub ({e.Message})", inner: e),
        TaskCanceledException or TimeoutException => new($"{what}: GitHub did not answer in time", inner: e),
        _ => new($"{what}: {e.GetType().Name}: {e.Message}", inner: e),
    };

    public static bool IsStatus(Exception e, HttpStatusCode status) => e is ApiException api
        && api.StatusCode == status;
}
