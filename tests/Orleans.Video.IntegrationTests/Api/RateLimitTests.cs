using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>A silo with small rate limits: a key's burst, guessed keys and logins each run out by themselves.</summary>
public sealed class RateLimitFixture : IAsyncLifetime
{
    public const int Burst = 20;
    public const int UnauthenticatedPerMinute = 10;
    public const int LoginsPerMinute = 3;

    public PostgresServer Postgres { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Api__RequestsPerSecond"] = "1",
            ["Api__RequestBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api__UnauthenticatedPerMinute"] = UnauthenticatedPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api__LoginsPerMinute"] = LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Http.Dispose();
        await Postgres.DisposeAsync();
    }
}

public sealed class RateLimitTests(RateLimitFixture fixture) : IClassFixture<RateLimitFixture>
{
    private string Url(string path) => fixture.Silo.BaseUrl + path;

    private static async Task<List<HttpStatusCode>> SendAsync(int count, Func<HttpRequestMessage> request)
    {
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var message = request();
            using var response = await http.SendAsync(message);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 without Retry-After");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        return statuses;
    }

    private HttpRequestMessage Get(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return request;
    }

    [Fact]
    public async Task Guessing_keys_runs_out_for_the_guesser_while_a_valid_key_goes_on()
    {
        var statuses = await SendAsync(RateLimitFixture.UnauthenticatedPerMinute + 10, () => Get("/api/cameras", "ovk_guess"));
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(statuses.Count(s => s == HttpStatusCode.Unauthorized) <= RateLimitFixture.UnauthenticatedPerMinute);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(Url("/api/cameras"))).StatusCode);
        // What is not the API (the web UI's files, health) has no limit.
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient().GetAsync(Url("/health/live"))).StatusCode);
    }

    [Fact]
    public async Task A_key_beyond_its_burst_gets_429_and_other_keys_do_not()
    {
        using var created = await fixture.Http.PostAsJsonAsync(Url("/api/keys"), new { name = "busy", role = "viewer" });
        var busy = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var statuses = await SendAsync(RateLimitFixture.Burst + 10, () => Get("/api/me", busy));
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(Url("/api/me"))).StatusCode);
    }

    [Fact]
    public async Task Logins_are_limited_per_address()
    {
        var statuses = await SendAsync(RateLimitFixture.LoginsPerMinute + 2, () => new HttpRequestMessage(HttpMethod.Post, Url("/auth/login"))
        {
            Content = JsonContent.Create(new { key = "wrong" }),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
