using System.Globalization;
using System.Net;
using Octokit;
using Polly;
using Polly.Retry;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>How hard to retry. <see cref="Time"/> is the clock that also does the waiting, so tests can shorten
/// it.</summary>
public sealed record RetrySettings
{
    public int MaxRetries { get; init; } = 5;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest single wait; a rate limit that resets later than this fails now, saying when to come
    /// back.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(15);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Runs one GitHub call with bounded retries (Polly): server errors, timeouts and dropped connections back off
/// exponentially; rate limits wait as long as GitHub says (Retry-After, X-RateLimit-Reset). Every wait is logged
/// with its reason. What is not worth retrying (401, 403, 404, 422) goes straight to the caller.
/// </summary>
public sealed class GitHubRetry
{
    private readonly ILogger _log;
    private readonly RetrySettings _settings;
    private readonly ResiliencePipeline _pipeline;

    public GitHubRetry(ILogger log, RetrySettings? settings = null)
    {
        _log = log;
        _settings = settings ?? new RetrySettings();
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _settings.Time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _settings.BaseDelay,
                MaxDelay = _settings.MaxWait,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    && ShouldRetry(e, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? ServerDelay(e) : null),
                OnRetry = LogRetry,
            })
            .Build();
    }

    /// <summary>Every wait is logged: what is retried, why, for how long, and which retry comes next.</summary>
    private ValueTask LogRetry(OnRetryArguments<object> args)
    {
        var what = args.Context.Properties.TryGetValue(WhatKey, out var w) ? w : "GitHub call";
        _log.Warning("{What}: {Reason}; waiting {Seconds} s before retry {Retry} of {Max}",
            what, Reason(args.Outcome.Exception!), Math.Round(args.RetryDelay.TotalSeconds, 1),
                args.AttemptNumber + 1, _settings.MaxRetries);
        return ValueTask.CompletedTask;
    }

    private static readonly ResiliencePropertyKey<string> WhatKey = new("what");

    /// <summary>Runs <paramref name="call"/>; a failure that remains is a one-line <see cref="Engine.BuildFailure"/>
    /// about <paramref name="what"/>.</summary>
    public async Task<T> Run<T>(string what, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken = default)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WhatKey, what);
        try
        {
            return await _pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken), context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (e is ApiValidationException) throw; // callers decide what a 422 means (e.g. a duplicate asset name)
            throw GitHubFailures.Describe(what, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task Run(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken = default) =>
        Run(what, async ct => { await call(ct); return true; }, cancellationToken);

    private bool ShouldRetry(Exception e, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        if (IsRateLimit(e))
        {
            // Waiting an hour inside a CI job helps no one: beyond MaxWait the failure says when to run again.
            var wait = ServerDelay(e);
            return wait is null || wait <= _settings.MaxWait;
        }
        // A name that does not resolve (no network, a mistyped --github-api-url) stays so: fail now, not after minutes.
        if (NameResolution.Failed(e)) return false;
        return e switch
        {
            ApiException api => (int)api.StatusCode >= 500,
            HttpRequestException or IOException or TimeoutException => true,
            TaskCanceledException => true, // Octokit's request timeout, not our cancellation (checked above)
            _ => false,
        };
    }

    private static bool IsRateLimit(Exception e) =>
        e is RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException
        || (e is ApiException api && (api.StatusCode == (HttpStatusCode)429
            || (api.StatusCode == HttpStatusCode.Forbidden && Header(api, "Retry-After") is not null)));

    /// <summary>How long GitHub asked us to wait: Retry-After first, then X-RateLimit-Reset when nothing is
    /// left.</summary>
    private TimeSpan? ServerDelay(Exception e)
    {
        if (e is not ApiException api) return null;
        var now = _settings.Time.GetUtcNow();
        if (Header(api, "Retry-After") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture,
                out var seconds)) return TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                out var at)) return Max0(at - now);
        }
        if (Header(api, "X-RateLimit-Remaining") == "0"
            && long.TryParse(Header(api, "X-RateLimit-Reset"), out var epoch))
            return Max0(DateTimeOffset.FromUnixTimeSeconds(epoch) - now + TimeSpan.FromSeconds(1));
        if (e is RateLimitExceededException limit) return Max0(limit.Reset - now + TimeSpan.FromSeconds(1));
        return null;
    }

    private string Reason(Exception e)
    {
        switch (e)
        {
            case RateLimitExceededException:
            case ApiException when Header((ApiException)e, "X-RateLimit-Remaining") == "0"
                && Header((ApiException)e, "X-RateLimit-Reset") is not null:
                var api = (ApiException)e;
                var reset = long.TryParse(Header(api, "X-RateLimit-Reset"),
                    out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch) : ((RateLimitExceededException)e).Reset;
                return $"GitHub rate limit used up (X-RateLimit-Reset {reset.UtcDateTime:HH:mm:ss} UTC)";
            case ApiException a when Header(a, "Retry-After") is { } after:
                return $"GitHub asked to slow down ({(int)a.StatusCode}, Retry-After {after})";
            case ApiException a:
                return $"GitHub answered {(int)a.StatusCode} {a.StatusCode}";
            default:
                return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static string? Header(ApiException api, string name) =>
        api.HttpResponse?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name,
            StringComparison.OrdinalIgnoreCase)).Value;
}
