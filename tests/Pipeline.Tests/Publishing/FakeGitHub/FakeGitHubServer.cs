using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenH264Build.Tests.Publishing.FakeGitHub;

/// <summary>
/// A GitHub REST API of our own, in-process on 127.0.0.1 (Kestrel), serving under <c>api/v3/</c> as a GitHub
/// Enterprise Server does. It keeps state as GitHub does (releases and drafts, assets with upload URLs, 422 on
/// a duplicate asset name, Link-header pagination, issues, pull requests and comments, rate-limit headers),
/// records every request, and injects <see cref="Fault"/>s.
/// </summary>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private long _nextId = 1000;
    private int _remaining = 5000;

    public string Token { get; }
    public string Login { get; } = "release-bot";
    public HashSet<string> ReadOnlyTokens { get; } = [];
    public Uri Address { get; }
    public Dictionary<string, FakeRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<Fault> Faults { get; } = [];
    public List<(string Method, string Path)> Requests { get; } = [];
    /// <summary>Every header value the server received, to prove where the token went and where it did not.</summary>
    public List<string> SeenAuthorization { get; } = [];

    private FakeGitHubServer(WebApplication app, string token)
    {
        _app = app;
        Token = token;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public static async Task<FakeGitHubServer> Start(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeGitHubServer? server = null;
        app.Run(ctx => server!.Handle(ctx));
        await app.StartAsync();
        server = new FakeGitHubServer(app, token);
        return server;
    }

    public FakeRepository Repository(string fullName)
    {
        lock (_gate)
        {
            if (!Repositories.TryGetValue(fullName, out var repo)) Repositories[fullName] = repo = new FakeRepository(fullName);
            return repo;
        }
    }

    public long NextId() => Interlocked.Increment(ref _nextId);

    public IReadOnlyList<(string Method, string Path)> Writes()
    {
        lock (_gate) return Requests.Where(r => r.Method is not ("GET" or "HEAD")).ToList();
    }

    /// <summary>A text picture of a repository's releases, for comparing end states.</summary>
    public string Snapshot(string fullName)
    {
        var repo = Repository(fullName);
        lock (_gate)
            return string.Join("\n", repo.Releases.OrderBy(r => r.TagName).Select(r =>
                $"{r.TagName} draft={r.Draft} latest={r.MakeLatest} name={r.Name}\n{r.Body}\n" +
                string.Join("\n", r.Assets.OrderBy(a => a.Name).Select(a => $"  {a.Name} {a.State} {a.Content.Length} {a.Sha256}"))));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ---- request handling -------------------------------------------------------------------------

    private async Task Handle(HttpContext ctx)
    {
        var (method, path) = (ctx.Request.Method, ctx.Request.Path.Value ?? "");
        var authorization = ctx.Request.Headers.Authorization.ToString();
        lock (_gate)
        {
            Requests.Add((method, path));
            if (authorization.Length > 0) SeenAuthorization.Add(authorization);
        }
        ctx.Response.Headers["X-RateLimit-Limit"] = "5000";
        ctx.Response.Headers["X-RateLimit-Remaining"] = Interlocked.Decrement(ref _remaining).ToString();
        ctx.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString();

        if (TakeFault(method, path) is { } fault && await ApplyFault(ctx, fault)) return;

        var token = authorization.Split(' ', 2) is [_, var t] ? t.Trim() : null;
        var writes = method is not ("GET" or "HEAD");
        if ((token is not null && token != Token && !ReadOnlyTokens.Contains(token)) || (token is null && writes))
        {
            await Json(ctx, 401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
            return;
        }
        if (writes && token is not null && ReadOnlyTokens.Contains(token))
        {
            await Json(ctx, 403, new JsonObject { ["message"] = "Resource not accessible by integration" });
            return;
        }

        try
        {
            await Route(ctx, method, path);
        }
        catch (NotFound)
        {
            await Json(ctx, 404, new JsonObject { ["message"] = "Not Found" });
        }
    }

    private Fault? TakeFault(string method, string path)
    {
        lock (_gate)
        {
            var fault = Faults.FirstOrDefault(f => f.Method == method && path.Contains(f.PathContains, StringComparison.Ordinal) && f.Times > 0);
            if (fault is null) return null;
            if (fault.After > 0) { fault.After--; return null; }
            fault.Times--;
            return fault;
        }
    }

    /// <summary>Answers with the fault; false when the request should go on to be served (never, for now).</summary>
    private async Task<bool> ApplyFault(HttpContext ctx, Fault fault)
    {
        var upload = ctx.Request.Path.Value!.StartsWith("/api/uploads/", StringComparison.Ordinal);
        switch (fault.Kind)
        {
            case FaultKind.BadGateway:
                if (upload) await ReadHalfAndLeaveBrokenAsset(ctx);
                await Json(ctx, 502, new JsonObject { ["message"] = "Server Error" });
                return true;
            case FaultKind.ResetConnection:
                if (upload) await ReadHalfAndLeaveBrokenAsset(ctx);
                ctx.Abort();
                return true;
            case FaultKind.KillDuringUpload:
                await ReadHalfAndLeaveBrokenAsset(ctx);
                fault.Then?.Invoke();
                await Task.Delay(200);
                ctx.Abort();
                return true;
            case FaultKind.RateLimit:
                ctx.Response.Headers["X-RateLimit-Remaining"] = "0";
                ctx.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(fault.Seconds).ToUnixTimeSeconds().ToString();
                await Json(ctx, 403, new JsonObject { ["message"] = "API rate limit exceeded for user ID 1.", ["documentation_url"] = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" });
                return true;
            case FaultKind.SecondaryRateLimit:
                ctx.Response.Headers["Retry-After"] = fault.Seconds.ToString();
                await Json(ctx, 403, new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
                return true;
            case FaultKind.Unauthorized:
                await Json(ctx, 401, new JsonObject { ["message"] = "Bad credentials" });
                return true;
        }
        return false;
    }

    /// <summary>GitHub keeps an asset in state "starter" when an upload breaks off; its name is then taken.</summary>
    private async Task ReadHalfAndLeaveBrokenAsset(HttpContext ctx)
    {
        var match = Regex.Match(ctx.Request.Path.Value!, @"^/api/uploads/repos/([^/]+/[^/]+)/releases/(\d+)/assets$");
        var buffer = new byte[Math.Max(1, (int)((ctx.Request.ContentLength ?? 2) / 2))];
        var read = await ctx.Request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        if (!match.Success) return;
        var release = FindRelease(Repository(match.Groups[1].Value), long.Parse(match.Groups[2].Value));
        lock (_gate)
            if (release.Assets.All(a => a.Name != ctx.Request.Query["name"]))
                release.Assets.Add(new FakeAsset { Id = (int)NextId(), Name = ctx.Request.Query["name"]!, State = "starter", Content = buffer[..read] });
    }

    private sealed class NotFound : Exception;

    private async Task Route(HttpContext ctx, string method, string path)
    {
        Match m;
        if (method == "GET" && path == "/api/v3/user")
        {
            await Json(ctx, 200, new JsonObject { ["login"] = Login, ["id"] = 1, ["type"] = "User" });
            return;
        }
        if ((m = Regex.Match(path, @"^/api/uploads/repos/([^/]+/[^/]+)/releases/(\d+)/assets$")).Success && method == "POST")
        {
            await Upload(ctx, Existing(m.Groups[1].Value), long.Parse(m.Groups[2].Value));
            return;
        }
        if (!(m = Regex.Match(path, @"^/api/v3/repos/([^/]+)/([^/]+)(/.*)?$")).Success) throw new NotFound();
        var repo = Existing($"{m.Groups[1].Value}/{m.Groups[2].Value}");
        var rest = m.Groups[3].Value;

        if (rest == "/releases" && method == "GET") { await Page(ctx, repo.Releases.OrderByDescending(r => r.Id).Select(r => ReleaseJson(repo, r))); return; }
        if (rest == "/releases" && method == "POST") { await CreateRelease(ctx, repo); return; }
        if (rest == "/releases/latest" && method == "GET")
        {
            var latest = repo.Releases.Where(r => !r.Draft).OrderByDescending(r => r.PublishedAt).FirstOrDefault() ?? throw new NotFound();
            await Json(ctx, 200, ReleaseJson(repo, latest));
            return;
        }
        if ((m = Regex.Match(rest, @"^/releases/tags/(.+)$")).Success && method == "GET")
        {
            var byTag = repo.Releases.FirstOrDefault(r => r.TagName == Uri.UnescapeDataString(m.Groups[1].Value) && !r.Draft) ?? throw new NotFound();
            await Json(ctx, 200, ReleaseJson(repo, byTag));
            return;
        }
        if ((m = Regex.Match(rest, @"^/releases/(\d+)$")).Success)
        {
            var release = FindRelease(repo, long.Parse(m.Groups[1].Value));
            if (method == "GET") { await Json(ctx, 200, ReleaseJson(repo, release)); return; }
            if (method == "PATCH") { await EditRelease(ctx, repo, release); return; }
        }
        if ((m = Regex.Match(rest, @"^/releases/(\d+)/assets$")).Success && method == "GET")
        {
            var release = FindRelease(repo, long.Parse(m.Groups[1].Value));
            List<FakeAsset> assets;
            lock (_gate) assets = release.Assets.ToList();
            await Page(ctx, assets.Select(a => AssetJson(repo, release, a)));
            return;
        }
        if ((m = Regex.Match(rest, @"^/releases/assets/(\d+)$")).Success)
        {
            var id = int.Parse(m.Groups[1].Value);
            FakeRelease owner; FakeAsset asset;
            lock (_gate)
            {
                owner = repo.Releases.FirstOrDefault(r => r.Assets.Any(a => a.Id == id)) ?? throw new NotFound();
                asset = owner.Assets.First(a => a.Id == id);
            }
            if (method == "DELETE") { lock (_gate) owner.Assets.Remove(asset); ctx.Response.StatusCode = 204; return; }
            if (method == "GET" && ctx.Request.Headers.Accept.ToString().Contains("application/octet-stream"))
            {
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/octet-stream";
                await ctx.Response.Body.WriteAsync(asset.Content);
                return;
            }
            if (method == "GET") { await Json(ctx, 200, AssetJson(repo, owner, asset)); return; }
        }
        if ((m = Regex.Match(rest, @"^/issues/(\d+)$")).Success && method == "GET")
        {
            await Json(ctx, 200, IssueJson(repo, FindIssue(repo, int.Parse(m.Groups[1].Value))));
            return;
        }
        if (rest == "/issues" && method == "GET")
        {
            var creator = ctx.Request.Query["creator"].ToString();
            var state = ctx.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            List<FakeIssue> issues;
            lock (_gate) issues = repo.Issues.Values.Where(i => (creator.Length == 0 || i.User == creator) && (state == "all" || i.State == state)).OrderByDescending(i => i.Number).ToList();
            await Page(ctx, issues.Select(i => IssueJson(repo, i)));
            return;
        }
        if (rest == "/issues" && method == "POST")
        {
            var body = await ReadJson(ctx);
            FakeIssue issue;
            lock (_gate)
            {
                var number = repo.Issues.Count == 0 ? 1 : repo.Issues.Keys.Max() + 1;
                issue = new FakeIssue { Number = number, Title = (string)body["title"]!, Body = (string?)body["body"], User = Login };
                repo.Issues[number] = issue;
            }
            await Json(ctx, 201, IssueJson(repo, issue));
            return;
        }
        if ((m = Regex.Match(rest, @"^/pulls/(\d+)$")).Success && method == "GET")
        {
            var pull = FindIssue(repo, int.Parse(m.Groups[1].Value));
            if (!pull.IsPullRequest) throw new NotFound();
            var json = IssueJson(repo, pull);
            json["merged"] = pull.Merged;
            json["merged_at"] = pull.Merged ? DateTimeOffset.UtcNow.ToString("O") : null;
            json["merge_commit_sha"] = pull.MergeCommitSha;
            json["state"] = pull.State;
            await Json(ctx, 200, json);
            return;
        }
        if ((m = Regex.Match(rest, @"^/issues/(\d+)/comments$")).Success)
        {
            var issue = FindIssue(repo, int.Parse(m.Groups[1].Value));
            if (method == "GET")
            {
                List<FakeComment> comments;
                lock (_gate) comments = issue.Comments.ToList();
                await Page(ctx, comments.Select(c => CommentJson(repo, issue, c)));
                return;
            }
            if (method == "POST")
            {
                var body = await ReadJson(ctx);
                var comment = new FakeComment { Id = NextId(), Body = (string)body["body"]!, User = Login };
                lock (_gate) issue.Comments.Add(comment);
                await Json(ctx, 201, CommentJson(repo, issue, comment));
                return;
            }
        }
        if ((m = Regex.Match(rest, @"^/issues/comments/(\d+)$")).Success && method == "PATCH")
        {
            var id = long.Parse(m.Groups[1].Value);
            var body = await ReadJson(ctx);
            FakeIssue issue; FakeComment comment;
            lock (_gate)
            {
                issue = repo.Issues.Values.FirstOrDefault(i => i.Comments.Any(c => c.Id == id)) ?? throw new NotFound();
                comment = issue.Comments.First(c => c.Id == id);
                comment.Body = (string)body["body"]!;
            }
            await Json(ctx, 200, CommentJson(repo, issue, comment));
            return;
        }
        if ((m = Regex.Match(rest, @"^/compare/(.+)\.\.\.(.+)$")).Success && method == "GET")
        {
            var (baseRef, head) = (Uri.UnescapeDataString(m.Groups[1].Value), Uri.UnescapeDataString(m.Groups[2].Value));
            var contained = repo.TagContains.TryGetValue(baseRef, out var commits) && commits.Contains(head);
            await Json(ctx, 200, new JsonObject
            {
                ["status"] = contained ? "behind" : "diverged", ["ahead_by"] = contained ? 0 : 1, ["behind_by"] = contained ? 1 : 1,
                ["total_commits"] = contained ? 0 : 1, ["url"] = Api($"repos/{repo.FullName}/compare/{baseRef}...{head}"),
            });
            return;
        }
        throw new NotFound();
    }

    private FakeRepository Existing(string fullName)
    {
        lock (_gate) return Repositories.TryGetValue(fullName, out var repo) ? repo : throw new NotFound();
    }

    private FakeRelease FindRelease(FakeRepository repo, long id)
    {
        lock (_gate) return repo.Releases.FirstOrDefault(r => r.Id == id) ?? throw new NotFound();
    }

    private FakeIssue FindIssue(FakeRepository repo, int number)
    {
        lock (_gate) return repo.Issues.TryGetValue(number, out var issue) ? issue : throw new NotFound();
    }

    private async Task CreateRelease(HttpContext ctx, FakeRepository repo)
    {
        var body = await ReadJson(ctx);
        var tag = (string)body["tag_name"]!;
        FakeRelease release;
        lock (_gate)
        {
            if (repo.Releases.Any(r => r.TagName == tag))
            {
                release = null!;
            }
            else
            {
                release = new FakeRelease
                {
                    Id = NextId(), TagName = tag, Name = (string?)body["name"], Body = (string?)body["body"],
                    Draft = (bool?)body["draft"] ?? false, TargetCommitish = (string?)body["target_commitish"],
                    Prerelease = (bool?)body["prerelease"] ?? false,
                };
                if (!release.Draft) release.PublishedAt = DateTimeOffset.UtcNow;
                repo.Releases.Add(release);
            }
        }
        if (release is null)
        {
            await Validation(ctx, "Release", "tag_name", "already_exists");
            return;
        }
        await Json(ctx, 201, ReleaseJson(repo, release));
    }

    private async Task EditRelease(HttpContext ctx, FakeRepository repo, FakeRelease release)
    {
        var body = await ReadJson(ctx);
        lock (_gate)
        {
            if (body["name"] is { } name) release.Name = (string?)name;
            if (body["body"] is { } text) release.Body = (string?)text;
            if (body["make_latest"] is { } latest) release.MakeLatest = (string?)latest;
            if (body["draft"] is { } draft)
            {
                var wasDraft = release.Draft;
                release.Draft = (bool)draft;
                if (wasDraft && !release.Draft) release.PublishedAt = DateTimeOffset.UtcNow;
            }
        }
        await Json(ctx, 200, ReleaseJson(repo, release));
    }

    private async Task Upload(HttpContext ctx, FakeRepository repo, long releaseId)
    {
        var release = FindRelease(repo, releaseId);
        var name = ctx.Request.Query["name"].ToString();
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer);
        FakeAsset? asset = null;
        lock (_gate)
        {
            if (release.Assets.All(a => a.Name != name))
            {
                asset = new FakeAsset { Id = (int)NextId(), Name = name, Content = buffer.ToArray() };
                release.Assets.Add(asset);
            }
        }
        if (asset is null)
        {
            await Validation(ctx, "ReleaseAsset", "name", "already_exists");
            return;
        }
        await Json(ctx, 201, AssetJson(repo, release, asset));
    }

    // ---- JSON shapes --------------------------------------------------------------------------------

    private string Api(string path) => new Uri(Address, "api/v3/" + path).ToString();
    private string Web(string path) => new Uri(Address, path).ToString();

    private JsonObject ReleaseJson(FakeRepository repo, FakeRelease r)
    {
        List<FakeAsset> assets;
        lock (_gate) assets = r.Assets.ToList();
        return new JsonObject
        {
            ["id"] = r.Id, ["node_id"] = $"RE_{r.Id}", ["tag_name"] = r.TagName, ["name"] = r.Name, ["body"] = r.Body,
            ["draft"] = r.Draft, ["prerelease"] = r.Prerelease, ["target_commitish"] = r.TargetCommitish ?? "main",
            ["created_at"] = r.CreatedAt.ToString("O"), ["published_at"] = r.PublishedAt?.ToString("O"),
            ["url"] = Api($"repos/{repo.FullName}/releases/{r.Id}"),
            ["html_url"] = Web($"{repo.FullName}/releases/tag/{r.TagName}"),
            ["assets_url"] = Api($"repos/{repo.FullName}/releases/{r.Id}/assets"),
            ["upload_url"] = new Uri(Address, $"api/uploads/repos/{repo.FullName}/releases/{r.Id}/assets").ToString() + "{?name,label}",
            ["author"] = UserJson(Login),
            ["assets"] = new JsonArray(assets.Select(a => (JsonNode)AssetJson(repo, r, a)).ToArray()),
        };
    }

    private JsonObject AssetJson(FakeRepository repo, FakeRelease r, FakeAsset a) => new()
    {
        ["id"] = a.Id, ["node_id"] = $"RA_{a.Id}", ["name"] = a.Name, ["label"] = "", ["state"] = a.State,
        ["content_type"] = "application/octet-stream", ["size"] = a.Content.Length, ["download_count"] = 0,
        ["created_at"] = DateTimeOffset.UtcNow.ToString("O"), ["updated_at"] = DateTimeOffset.UtcNow.ToString("O"),
        ["url"] = Api($"repos/{repo.FullName}/releases/assets/{a.Id}"),
        ["browser_download_url"] = Web($"{repo.FullName}/releases/download/{r.TagName}/{a.Name}"),
        ["uploader"] = UserJson(Login),
    };

    private JsonObject IssueJson(FakeRepository repo, FakeIssue i) => new()
    {
        ["id"] = i.Number + 500000, ["node_id"] = $"I_{i.Number}", ["number"] = i.Number, ["title"] = i.Title, ["state"] = i.State,
        ["body"] = i.Body, ["user"] = UserJson(i.User), ["comments"] = i.Comments.Count, ["labels"] = new JsonArray(), ["locked"] = false,
        ["created_at"] = DateTimeOffset.UtcNow.ToString("O"), ["updated_at"] = DateTimeOffset.UtcNow.ToString("O"),
        ["url"] = Api($"repos/{repo.FullName}/issues/{i.Number}"),
        ["html_url"] = Web($"{repo.FullName}/{(i.IsPullRequest ? "pull" : "issues")}/{i.Number}"),
        ["pull_request"] = i.IsPullRequest ? new JsonObject { ["url"] = Api($"repos/{repo.FullName}/pulls/{i.Number}") } : null,
    };

    private JsonObject CommentJson(FakeRepository repo, FakeIssue i, FakeComment c) => new()
    {
        ["id"] = c.Id, ["node_id"] = $"IC_{c.Id}", ["body"] = c.Body, ["user"] = UserJson(c.User),
        ["created_at"] = DateTimeOffset.UtcNow.ToString("O"), ["updated_at"] = DateTimeOffset.UtcNow.ToString("O"),
        ["url"] = Api($"repos/{repo.FullName}/issues/comments/{c.Id}"),
        ["html_url"] = Web($"{repo.FullName}/issues/{i.Number}#issuecomment-{c.Id}"),
    };

    private static JsonObject UserJson(string login) => new() { ["login"] = login, ["id"] = Math.Abs(login.GetHashCode() % 100000), ["type"] = "User" };

    /// <summary>GitHub's pagination: per_page (default 30), page, and a Link header with next and last.</summary>
    private static async Task Page(HttpContext ctx, IEnumerable<JsonObject> items)
    {
        var all = items.ToList();
        var perPage = int.TryParse(ctx.Request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(ctx.Request.Query["page"], out var n) ? Math.Max(1, n) : 1;
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        string Link(int number)
        {
            var query = ctx.Request.Query.Where(q => q.Key is not ("page" or "per_page"))
                .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"per_page={perPage}").Append($"page={number}");
            return $"<{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.Path}?{string.Join('&', query)}>";
        }
        var links = new List<string>();
        if (page < last) links.Add($"{Link(page + 1)}; rel=\"next\"");
        if (page > 1) links.Add($"{Link(page - 1)}; rel=\"prev\"");
        links.Add($"{Link(1)}; rel=\"first\"");
        links.Add($"{Link(last)}; rel=\"last\"");
        ctx.Response.Headers["Link"] = string.Join(", ", links);
        await Json(ctx, 200, new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)i).ToArray()));
    }

    private static Task Validation(HttpContext ctx, string resource, string field, string code) =>
        Json(ctx, 422, new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field }),
        });

    private static async Task<JsonObject> ReadJson(HttpContext ctx) =>
        (await JsonNode.ParseAsync(ctx.Request.Body))?.AsObject() ?? new JsonObject();

    private static async Task Json(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }
}
