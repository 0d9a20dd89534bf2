using System.Net.Sockets;
using OpenH264Build.Engine;
using OpenH264Build.Publishing;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// A GitHub host name that does not resolve (a dry run on a machine without network, a mistyped address) fails
/// at the first attempt with a line that says so; a dropped connection is still retried.
/// </summary>
public class NameResolutionRetryTests
{
    private static GitHubRetry Retry(LogCapture log) =>
        new(log.Logger, new RetrySettings { MaxRetries = 5, BaseDelay = TimeSpan.FromSeconds(30), Time = new FastTime() });

    /// <summary>What SocketsHttpHandler throws when the resolver has no answer for the name.</summary>
    private static HttpRequestException Unresolved(SocketError error) =>
        new("Name or service not known (api.github.example:443)", new SocketException((int)error));

    [Theory]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.TryAgain)]
    public async Task A_name_that_does_not_resolve_fails_at_once_saying_so(SocketError error)
    {
        var log = new LogCapture();
        var attempts = 0;
        var e = await Assert.ThrowsAsync<BuildFailure>(() => Retry(log).Run<int>("read release v2.3.1-1", _ =>
        {
            attempts++;
            throw Unresolved(error);
        }));
        Assert.Equal(1, attempts);
        Assert.Contains("read release v2.3.1-1: the GitHub host name does not resolve", e.Message);
        Assert.DoesNotContain("waiting", log.Text);
    }

    [Fact]
    public async Task A_dropped_connection_is_still_retried()
    {
        var log = new LogCapture();
        var attempts = 0;
        var result = await Retry(log).Run("read release v2.3.1-1", _ =>
            ++attempts < 3 ? throw new HttpRequestException("connection reset", new SocketException((int)SocketError.ConnectionReset)) : Task.FromResult(attempts));
        Assert.Equal(3, result);
        Assert.Contains("waiting", log.Text);
    }
}
