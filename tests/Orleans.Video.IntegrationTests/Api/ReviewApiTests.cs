using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>
/// The review queue of a real silo process: events grouped into items, alerts and detections, marked reviewed one by
/// one or up to a time, for each key apart.
/// </summary>
public sealed class ReviewApiTests(SiloApiFixture fixture) : IClassFixture<SiloApiFixture>
{
    private readonly HttpClient _admin = fixture.Http;

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    // The whole 1280x720 picture: the moving box is in it from its first frame.
    private static readonly object[] Door =
    [
        new { name = "door", points = new[] { new { x = 0, y = 0 }, new { x = 1280, y = 0 }, new { x = 1280, y = 720 }, new { x = 0, y = 720 } } },
    ];

    [Fact]
    public async Task Events_become_items_that_each_key_marks_reviewed_for_itself()
    {
        // Not looping: the clip's events end, so the items stop growing.
        await AddAsync(new { id = "review-door", source = fixture.Clips.MovingBox, fps = 10, model = "shapes", loop = false, zones = Door });
        await AddAsync(new { id = "review-plain", source = fixture.Clips.MovingBox, fps = 10, model = "shapes", loop = false });

        var door = await Eventually.ValueAsync(() => ItemsAsync(_admin, "camera=review-door"), items => items.Length > 0 && items.All(Ended),
            TimeSpan.FromSeconds(60), "an ended review item of review-door");
        var plain = await Eventually.ValueAsync(() => ItemsAsync(_admin, "camera=review-plain"), items => items.Length > 0 && items.All(Ended),
            TimeSpan.FromSeconds(60), "an ended review item of review-plain");

        // The box in view and the box in the door overlap: one item, an alert (a camera without rules alerts on its zones).
        var item = door[0];
        var kinds = item.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!.ToLowerInvariant()).ToHashSet();
        Assert.Contains("object", kinds);
        Assert.Contains("zone", kinds);
        Assert.Equal("alert", item.GetProperty("severity").GetString());
        Assert.Equal(["door"], item.GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
        Assert.All(plain, p => Assert.Equal("detection", p.GetProperty("severity").GetString()));
        Assert.Equal(door.Length, (await ItemsAsync(_admin, "camera=review-door&severity=alert")).Length);
        Assert.Empty(await ItemsAsync(_admin, "camera=review-door&severity=detection"));

        // Marked by the admin key: gone from its unreviewed list, listed as reviewed, and still unreviewed for a viewer.
        var events = item.GetProperty("events").EnumerateArray()
            .Select(e => new { cameraId = e.GetProperty("cameraId").GetString(), eventId = e.GetProperty("id").GetString(), start = e.GetProperty("start").GetDateTimeOffset() })
            .ToArray();
        using (var marked = await _admin.PostAsJsonAsync(Url("/api/review/reviewed"), new { events }))
        {
            Assert.Equal(HttpStatusCode.NoContent, marked.StatusCode);
        }
        var id = item.GetProperty("id").GetString();
        Assert.DoesNotContain(await ItemsAsync(_admin, "camera=review-door"), i => i.GetProperty("id").GetString() == id);
        var reviewed = Assert.Single(await ItemsAsync(_admin, "camera=review-door&reviewed=true"), i => i.GetProperty("id").GetString() == id);
        Assert.True(reviewed.GetProperty("reviewed").GetBoolean());

        using var viewer = KeyClient(await CreateKeyAsync("review-viewer", "viewer"));
        Assert.Contains(await ItemsAsync(viewer, "camera=review-door"), i => i.GetProperty("id").GetString() == id);
        var before = await SummaryAsync(viewer);
        Assert.True(before.GetProperty("alerts").GetInt32() >= door.Length, before.ToString());

        // "Everything up to now", by the viewer: its queue of these cameras is empty, the admin's marks are as they were.
        using (var all = await viewer.PostAsJsonAsync(Url("/api/review/reviewed"), new { until = DateTimeOffset.UtcNow }))
        {
            Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        }
        Assert.Empty(await ItemsAsync(viewer, "camera=review-door&camera=review-plain"));
        Assert.Equal(door.Length - 1, (await ItemsAsync(_admin, "camera=review-door")).Length);
        Assert.Equal(plain.Length, (await ItemsAsync(_admin, "camera=review-plain")).Length);
    }

    [Fact]
    public async Task A_cameras_alert_rules_are_checked_and_kept()
    {
        var bad = await _admin.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "review-rules", source = fixture.Clips.MovingBox, fps = 5, model = "shapes", zones = Door, alerts = new { labels = new[] { "objet" }, zones = new[] { "yard" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var detail = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("alerts.zones[0]: 'yard' is not one of the camera's zones (door)", detail);

        var typo = await _admin.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "review-rules", source = fixture.Clips.MovingBox, fps = 5, model = "shapes", zones = Door, alerts = new { labels = new[] { "objet" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("alerts.labels[0]: 'objet' is not a label of model 'shapes'", (await typo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await AddAsync(new { id = "review-rules", source = fixture.Clips.MovingBox, fps = 5, model = "shapes", zones = Door, alerts = new { labels = new[] { "object" }, zones = Array.Empty<string>() } });
        var camera = await _admin.GetFromJsonAsync<JsonElement>(Url("/api/cameras/review-rules"));
        Assert.Equal(["object"], camera.GetProperty("alerts").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Theory]
    [InlineData("GET", "/api/review?severity=urgent", null, "severity must be alert or detection")]
    [InlineData("GET", "/api/review?reviewed=maybe", null, "reviewed must be false, true or any")]
    [InlineData("GET", "/api/review?from=yesterday", null, "from and to must be ISO 8601 times")]
    [InlineData("POST", "/api/review/reviewed", "{}", "body must name events or until")]
    [InlineData("POST", "/api/review/reviewed", "{\"events\":[{\"cameraId\":\"../x\",\"eventId\":\"e\",\"start\":\"2026-12-07T10:00:00Z\"}]}", "events[0] must have a cameraId")]
    [InlineData("POST", "/api/review/reviewed", "{\"events\":[{\"cameraId\":\"gate\",\"eventId\":\"e\"}]}", "events[0] must have a cameraId")]
    [InlineData("POST", "/api/review/reviewed", "[1,2]", "body must be JSON")]
    public async Task Bad_requests_get_400_with_the_reason(string method, string path, string? body, string reason)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private static bool Ended(JsonElement item) => item.GetProperty("end").ValueKind != JsonValueKind.Null;

    private async Task AddAsync(object camera)
    {
        using var response = await _admin.PostAsJsonAsync(Url("/api/cameras"), camera);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement[]> ItemsAsync(HttpClient http, string query) =>
        (await http.GetFromJsonAsync<JsonElement>(Url($"/api/review?{query}"))).GetProperty("items").EnumerateArray().ToArray();

    private async Task<JsonElement> SummaryAsync(HttpClient http) =>
        await http.GetFromJsonAsync<JsonElement>(Url("/api/review/summary"));

    private async Task<string> CreateKeyAsync(string name, string role)
    {
        using var response = await _admin.PostAsJsonAsync(Url("/api/keys"), new { name, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static HttpClient KeyClient(string key)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}
