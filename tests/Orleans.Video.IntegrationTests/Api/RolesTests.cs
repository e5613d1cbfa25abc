using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>
/// API keys with roles on a real silo process: every route of the OpenAPI document answered for each role (what the
/// role may do, 403 otherwise), keys made and revoked (at once, logins too), and the audit log of what changed.
/// </summary>
public sealed class RolesTests(SiloApiFixture fixture) : IClassFixture<SiloApiFixture>
{
    private readonly HttpClient _admin = fixture.Http;

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    /// <summary>Every route the API has, with the least role that may use it. Ids name nothing, so nothing changes.</summary>
    private static readonly (string Method, string Route, string Path, ApiRole Least)[] Routes =
    [
        ("GET", "/api/cameras", "/api/cameras", ApiRole.Viewer),
        ("POST", "/api/cameras", "/api/cameras", ApiRole.Operator),
        ("GET", "/api/cameras/{id}", "/api/cameras/nope", ApiRole.Viewer),
        ("DELETE", "/api/cameras/{id}", "/api/cameras/nope", ApiRole.Operator),
        ("GET", "/api/cameras/{id}/detections", "/api/cameras/nope/detections", ApiRole.Viewer),
        ("GET", "/api/detections", "/api/detections", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/snapshot", "/api/cameras/nope/snapshot", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/live", "/api/cameras/nope/live", ApiRole.Viewer),
        ("GET", "/api/models", "/api/models", ApiRole.Viewer),
        ("GET", "/api/events", "/api/events", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/events", "/api/cameras/nope/events", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/events/live", "/api/cameras/nope/events/live", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/events/{eventId}/snapshot", "/api/cameras/nope/events/e/snapshot", ApiRole.Viewer),
        ("GET", "/api/review", "/api/review", ApiRole.Viewer),
        ("GET", "/api/review/summary", "/api/review/summary", ApiRole.Viewer),
        ("POST", "/api/review/reviewed", "/api/review/reviewed", ApiRole.Viewer),
        ("GET", "/api/system", "/api/system", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/recordings", "/api/cameras/nope/recordings", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/vod.m3u8", "/api/cameras/nope/vod.m3u8", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/segments/{file}", "/api/cameras/nope/segments/1.ts", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/frame.jpg", "/api/cameras/nope/frame.jpg", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/clip.mp4", "/api/cameras/nope/clip.mp4", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/events/{eventId}/clip.mp4", "/api/cameras/nope/events/e/clip.mp4", ApiRole.Viewer),
        ("GET", "/api/cameras/{id}/video", "/api/cameras/nope/video", ApiRole.Viewer),
        ("POST", "/api/jobs", "/api/jobs", ApiRole.Operator),
        ("GET", "/api/jobs", "/api/jobs", ApiRole.Viewer),
        ("GET", "/api/jobs/{id}", "/api/jobs/nope", ApiRole.Viewer),
        ("DELETE", "/api/jobs/{id}", "/api/jobs/nope", ApiRole.Operator),
        ("GET", "/api/jobs/{id}/progress", "/api/jobs/nope/progress", ApiRole.Viewer),
        ("GET", "/api/jobs/{id}/detections", "/api/jobs/nope/detections", ApiRole.Viewer),
        ("GET", "/api/jobs/{id}/events", "/api/jobs/nope/events", ApiRole.Viewer),
        ("GET", "/api/jobs/{id}/video", "/api/jobs/nope/video", ApiRole.Viewer),
        ("GET", "/api/notifications", "/api/notifications", ApiRole.Admin),
        ("GET", "/api/me", "/api/me", ApiRole.Viewer),
        ("GET", "/api/keys", "/api/keys", ApiRole.Admin),
        ("POST", "/api/keys", "/api/keys", ApiRole.Admin),
        ("DELETE", "/api/keys/{name}", "/api/keys/nope", ApiRole.Admin),
        ("GET", "/api/audit", "/api/audit", ApiRole.Admin),
        ("GET", "/dashboard", "/dashboard/", ApiRole.Admin),
        ("GET", "/dashboard/index.min.js", "/dashboard/index.min.js", ApiRole.Admin),
    ];

    private async Task<string> CreateKeyAsync(string name, string role)
    {
        using var response = await _admin.PostAsJsonAsync(Url("/api/keys"), new { name, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(role, created.GetProperty("role").GetString());
        return created.GetProperty("key").GetString()!;
    }

    private HttpRequestMessage Request(string method, string path, string key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        request.Headers.Add("X-Api-Key", key);
        if (method == "POST")
        {
            // A body no route accepts: a role that may use the route gets a 400, one that may not a 403 first.
            request.Content = JsonContent.Create(new { unknownField = 1 });
        }
        return request;
    }

    private async Task<HttpStatusCode> SendAsync(string method, string path, string key)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = Request(method, path, key);
        // Headers only: a stream that is allowed (Server-Sent Events) would not end by itself.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_route_is_in_the_role_matrix()
    {
        var document = await _admin.GetFromJsonAsync<JsonElement>(Url("/openapi/v1.json"));
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            // The login is open; the dashboard's many routes are one entry of the matrix (its page and its script).
            .Where(route => !route.Contains(" /auth/", StringComparison.Ordinal) && !route.Contains(" /dashboard", StringComparison.Ordinal))
            .ToHashSet();
        var matrix = Routes.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        Assert.Empty(documented.Except(matrix));
        Assert.Equal(["GET /dashboard", "GET /dashboard/index.min.js"], matrix.Except(documented));
    }

    [Fact]
    public async Task Each_role_gets_exactly_what_it_may_do_and_403_otherwise()
    {
        var keys = new Dictionary<ApiRole, string>
        {
            [ApiRole.Viewer] = await CreateKeyAsync("matrix-viewer", "viewer"),
            [ApiRole.Operator] = await CreateKeyAsync("matrix-operator", "operator"),
            [ApiRole.Admin] = await CreateKeyAsync("matrix-admin", "admin"),
        };
        var wrong = new List<string>();
        foreach (var (method, _, path, least) in Routes)
        {
            foreach (var (role, key) in keys)
            {
                var status = await SendAsync(method, path, key);
                var allowed = role >= least;
                if (status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.Forbidden) == allowed)
                {
                    wrong.Add($"{method} {path} as {role}: {(int)status}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_403_names_the_key_and_its_role()
    {
        var viewer = await CreateKeyAsync("just-looking", "viewer");
        using var http = new HttpClient();
        using var response = await http.SendAsync(Request("DELETE", "/api/cameras/nope", viewer));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("'just-looking' has the role viewer", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_revoked_key_fails_at_once_and_so_do_logins_made_with_it()
    {
        var key = await CreateKeyAsync("short-lived", "operator");
        Assert.StartsWith("ovk_", key, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync(Url("/auth/login"), new { key })).StatusCode);
        var me = await browser.GetFromJsonAsync<JsonElement>(Url("/api/me"));
        Assert.Equal("short-lived", me.GetProperty("name").GetString());
        Assert.Equal("operator", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, await SendAsync("GET", "/api/cameras", key));

        var listed = await _admin.GetFromJsonAsync<JsonElement>(Url("/api/keys"));
        Assert.Contains(listed.EnumerateArray(), k => k.GetProperty("name").GetString() == "short-lived" && k.GetProperty("role").GetString() == "operator");
        Assert.DoesNotContain(key, listed.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(Url("/api/keys/short-lived"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("GET", "/api/cameras", key));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/cameras"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync(Url("/api/keys/short-lived"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.DeleteAsync(Url("/api/keys/Api:Key"))).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"x y\",\"role\":\"viewer\"}", "name must be")]
    [InlineData("{\"name\":\"ok\",\"role\":\"root\"}", "role must be viewer, operator or admin")]
    [InlineData("{\"name\":\"ok\",\"role\":\"7\"}", "role must be viewer, operator or admin")]
    [InlineData("{\"name\":\"Api:Key\",\"role\":\"viewer\"}", "name must be")]
    public async Task A_bad_key_request_gets_a_400_with_the_reason(string body, string reason)
    {
        using var response = await _admin.PostAsync(Url("/api/keys"), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/audit?cursor=abc", "cursor")]
    [InlineData("/api/audit?cursor=-1", "cursor")]
    [InlineData("/api/audit?limit=0", "limit")]
    [InlineData("/api/audit?limit=100000", "limit")]
    [InlineData("/api/audit?from=yesterday", "ISO 8601")]
    public async Task A_bad_audit_query_gets_a_400_with_the_reason(string path, string reason)
    {
        using var response = await _admin.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_second_key_of_the_same_name_is_a_409()
    {
        await CreateKeyAsync("twice", "viewer");
        using var response = await _admin.PostAsJsonAsync(Url("/api/keys"), new { name = "TWICE", role = "admin" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Changes_to_cameras_and_keys_are_in_the_audit_log_with_who_made_them()
    {
        var operatorKey = await CreateKeyAsync("audited-operator", "operator");
        using var request = Request("POST", "/api/cameras", operatorKey);
        request.Content = JsonContent.Create(new { id = "audited", source = "rtsp://user:secret@203.0.113.9/stream", fps = 5, model = "shapes" });
        using var http = new HttpClient();
        using var created = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync("DELETE", "/api/cameras/audited", operatorKey));

        var page = await _admin.GetFromJsonAsync<JsonElement>(Url("/api/audit?target=audited"));
        var entries = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["camera.remove", "camera.configure"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("key:audited-operator", e.GetProperty("actor").GetString()));
        var detail = entries[1].GetProperty("detail").GetString()!;
        Assert.Contains("model shapes", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", detail, StringComparison.Ordinal);

        var keys = await _admin.GetFromJsonAsync<JsonElement>(Url("/api/audit?action=key.create&target=audited-operator"));
        var made = Assert.Single(keys.GetProperty("items").EnumerateArray());
        Assert.Equal("key:Api:Key", made.GetProperty("actor").GetString());
        Assert.Equal("role operator", made.GetProperty("detail").GetString());

        var paged = await _admin.GetFromJsonAsync<JsonElement>(Url("/api/audit?limit=1"));
        Assert.Single(paged.GetProperty("items").EnumerateArray());
        var next = paged.GetProperty("next").GetString();
        var second = await _admin.GetFromJsonAsync<JsonElement>(Url($"/api/audit?limit=1&cursor={next}"));
        Assert.True(second.GetProperty("items")[0].GetProperty("id").GetInt64() < paged.GetProperty("items")[0].GetProperty("id").GetInt64());
    }
}
