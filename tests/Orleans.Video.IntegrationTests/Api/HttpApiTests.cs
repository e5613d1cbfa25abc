using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>A real silo process and its private PostgreSQL, shared by the HTTP API tests.</summary>
public sealed class SiloApiFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();
    public TestClips Clips { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Http.Dispose();
        Clips.Dispose();
        await Postgres.DisposeAsync();
    }
}

/// <summary>The HTTP API of a real silo process, on loopback.</summary>
public sealed class HttpApiTests(SiloApiFixture fixture) : IClassFixture<SiloApiFixture>
{
    private readonly HttpClient _http = fixture.Http;
    private SiloProcess Silo => fixture.Silo;
    private readonly TestClips _clips = fixture.Clips;

    [Fact]
    public async Task Cameras_are_added_listed_queried_and_removed_over_http()
    {
        var created = await _http.PostAsJsonAsync(Url("/api/cameras"), new { id = "http-box", source = _clips.MovingBox, fps = 5, model = "shapes" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/cameras/http-box", created.Headers.Location?.OriginalString);

        var list = await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == "http-box");

        await Eventually.ValueAsync(
            () => _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/http-box/detections?limit=3")),
            page => page.GetProperty("items").GetArrayLength() == 3,
            TimeSpan.FromSeconds(60), "three persisted detections");
        var detections = await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/http-box/detections?limit=2&label=object"));
        Assert.Equal(2, detections.GetProperty("items").GetArrayLength());
        var first = detections.GetProperty("items")[0];
        Assert.Equal("object", first.GetProperty("label").GetString());
        Assert.True(first.GetProperty("width").GetSingle() is > 95 and < 105);
        Assert.True(first.GetProperty("sequence").GetInt64() > detections.GetProperty("items")[1].GetProperty("sequence").GetInt64());
        var next = detections.GetProperty("next").GetString();
        var second = await _http.GetFromJsonAsync<JsonElement>(Url($"/api/cameras/http-box/detections?limit=2&cursor={next}"));
        Assert.True(second.GetProperty("items")[0].GetProperty("sequence").GetInt64() < detections.GetProperty("items")[1].GetProperty("sequence").GetInt64());

        var status = await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/http-box"));
        Assert.Equal("Running", status.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("host").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(Url("/api/cameras/http-box"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync(Url("/api/cameras/http-box"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(Url("/api/cameras/http-box"))).StatusCode);

        // Across cameras: a removed camera's stored detections still answer, each saying whose it is, paged by cursor.
        var across = await _http.GetFromJsonAsync<JsonElement>(Url("/api/detections?camera=http-box,never-added&label=OBJECT&limit=2"));
        var items = across.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, d => Assert.Equal("http-box", d.GetProperty("camera").GetString()));
        var older = await _http.GetFromJsonAsync<JsonElement>(Url($"/api/detections?camera=http-box&limit=2&cursor={across.GetProperty("next").GetString()}"));
        Assert.True(older.GetProperty("items")[0].GetProperty("timestamp").GetDateTimeOffset() <= items[1].GetProperty("timestamp").GetDateTimeOffset());
        var everyCamera = await _http.GetFromJsonAsync<JsonElement>(Url("/api/detections?limit=1000"));
        Assert.Contains(everyCamera.GetProperty("items").EnumerateArray(), d => d.GetProperty("camera").GetString() == "http-box");
        Assert.Empty((await _http.GetFromJsonAsync<JsonElement>(Url("/api/detections?camera=never-added"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Cameras_are_listed_by_page_with_the_next_page_in_the_link_header()
    {
        foreach (var id in new[] { "link-a", "link-b" })
        {
            Assert.Equal(HttpStatusCode.Created, (await _http.PostAsJsonAsync(Url("/api/cameras"), new { id, source = _clips.MovingBox, fps = 1, model = "shapes" })).StatusCode);
        }
        var ids = new List<string>();
        var path = "/api/cameras?limit=1";
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 100, "the pages never end");
            using var response = await _http.GetAsync(Url(path));
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, page.GetArrayLength());
            ids.Add(page[0].GetProperty("id").GetString()!);
            // A list item is the compact status: no zones' polygons, but their names.
            Assert.Equal(JsonValueKind.Null, page[0].GetProperty("zones").ValueKind);
            Assert.Equal(JsonValueKind.Array, page[0].GetProperty("zoneNames").ValueKind);
            path = response.Headers.TryGetValues("Link", out var links)
                ? System.Text.RegularExpressions.Regex.Match(links.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
        }
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids, (await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras"))).EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Contains("link-a", ids);
        Assert.Contains("link-b", ids);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync(Url("/api/cameras?limit=0"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync(Url("/api/cameras?cursor=not%20an%20id"))).StatusCode);
    }

    [Theory]
    [InlineData("/api/detections?camera=bad%20id")]
    [InlineData("/api/detections?camera=a&camera=b/c")]
    [InlineData("/api/detections?label=person&limit=0")]
    [InlineData("/api/detections?cursor=1.2.3")]
    [InlineData("/api/events?camera=..")]
    [InlineData("/api/events?kind=everything")]
    public async Task Bad_queries_across_cameras_get_400_with_the_reason(string path)
    {
        using var response = await _http.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("not json", "body must be JSON")]
    [InlineData("[1,2,3]", "body must be JSON")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":\"fast\",\"model\":\"shapes\"}", "body must be JSON")]
    [InlineData("{\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\"}", "id is required")]
    [InlineData("{\"id\":\"x\",\"source\":\"gopher://h/a\",\"fps\":5,\"model\":\"shapes\"}", "scheme 'gopher' is not allowed")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":500,\"model\":\"shapes\"}", "fps must be")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"nope\"}", "model 'nope' is not in the model catalog")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"\"}", "model is required")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"fsp\":9}", "body must be JSON")]
    [InlineData("{\"id\":\"x\",\"source\":\"/etc/passwd\",\"fps\":5,\"model\":\"shapes\"}", "outside the media roots")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"door\",\"points\":[{\"x\":0,\"y\":0},{\"x\":10,\"y\":10}]}]}", "zone 'door': points must hold 3 to 64 vertices")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"a b\",\"points\":[{\"x\":0,\"y\":0},{\"x\":10,\"y\":0},{\"x\":0,\"y\":10}]}]}", "zones[0].name must be")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"line\",\"points\":[{\"x\":0,\"y\":0},{\"x\":5,\"y\":5},{\"x\":10,\"y\":10}]}]}", "encloses no area")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"z\",\"points\":[{\"x\":0,\"y\":0},{\"x\":10,\"y\":0},{\"x\":0,\"y\":10}],\"loiterSeconds\":-1}]}", "loiterSeconds must be")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"z\",\"points\":[{\"x\":0,\"y\":0},{\"x\":10,\"y\":0},{\"x\":0,\"y\":10}],\"inertia\":0}]}", "zone 'z': inertia must be 1 to 100")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"filter\":{\"minScore\":2}}", "filter.minScore must be in [0, 1]")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"filter\":{\"labels\":[\"\"]}}", "filter.labels[0] must be")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"filter\":{\"perLabel\":{\"object\":{\"minArea\":500,\"maxArea\":400}}}}", "filter.perLabel.object.maxArea (400) must be at least filter.perLabel.object.minArea (500)")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"filter\":{\"perLabel\":{\"object\":{\"minScore\":-1}}}}", "filter.perLabel.object.minScore must be in [0, 1]")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"filter\":{\"perLabel\":{\"object\":{\"minScor\":0.5}}}}", "body must be JSON")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[null]}", "zones[0] is null")]
    [InlineData("{\"id\":\"x\",\"source\":\"/a.mp4\",\"fps\":5,\"model\":\"shapes\",\"zones\":[{\"name\":\"z\",\"points\":[{\"x\":0,\"y\":0},{\"x\":10,\"y\":0},{\"x\":0,\"y\":10}],\"loiterSecond\":5}]}", "body must be JSON")]
    public async Task Bad_payloads_get_400_with_a_message(string body, string message)
    {
        using var response = await _http.PostAsync(Url("/api/cameras"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.False(Silo.HasExited);
    }

    [Fact]
    public async Task Labels_a_model_does_not_give_are_refused_naming_the_key_and_the_models_labels_that_api_models_lists()
    {
        var models = (await _http.GetFromJsonAsync<JsonElement>(Url("/api/models"))).EnumerateArray()
            .ToDictionary(m => m.GetProperty("model").GetString()!, m => m.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray());
        // From the catalog, before any camera has loaded the model.
        Assert.Equal(["object", "other"], models["shapes"]);
        Assert.Equal(["person"], models["people"]);
        Assert.Equal(["text"], models["text"]);

        var zone = new { name = "door", points = new[] { new { x = 0, y = 0 }, new { x = 640, y = 0 }, new { x = 0, y = 360 } }, labels = new[] { "object", "persn" } };
        using var refused = await _http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "http-labels", source = _clips.MovingBox, fps = 5, model = "shapes",
            zones = new[] { zone }, filter = new { labels = new[] { "Object", "car" }, perLabel = new { truck = new { minScore = 0.5 } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        // The grain's ArgumentException, without .NET's " (Parameter 'config')", which names our code.
        Assert.Equal(
            "filter.labels[1]: 'car' is not a label of model 'shapes'; filter.perLabel.truck: 'truck' is not a label of model 'shapes'; " +
            "zones[0].labels[1]: 'persn' is not a label of model 'shapes'; model 'shapes' has the labels: object, other", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(Url("/api/cameras/http-labels"))).StatusCode);

        // The model's own labels, any case, with per-label rules: kept as written.
        using var created = await _http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "http-labels", source = _clips.MovingBox, fps = 5, model = "shapes",
            filter = new { labels = new[] { "Object" }, maxArea = 500_000, perLabel = new { other = new { minScore = 0.9, minArea = 100, maxArea = 5000 } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var filter = (await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/http-labels"))).GetProperty("filter");
        Assert.Equal(["Object"], filter.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(500_000, filter.GetProperty("maxArea").GetDouble());
        var other = filter.GetProperty("perLabel").GetProperty("other");
        Assert.Equal((0.9, 100.0, 5000.0), (Math.Round(other.GetProperty("minScore").GetDouble(), 3), other.GetProperty("minArea").GetDouble(), other.GetProperty("maxArea").GetDouble()));
        await _http.DeleteAsync(Url("/api/cameras/http-labels"));
    }

    [Fact]
    public async Task Fuzzed_payloads_get_4xx_never_5xx_and_the_silo_keeps_serving()
    {
        var random = new Random(20261123);
        object?[] oddValues =
        [
            null, true, -1, 0, 1e308, -0.0, 31, "", " ", new string('x', 70_000), "\u0000\u0007", "rtsp://", "udp://[::1",
            "../../etc/passwd", "file:///etc/shadow", "concat:/a|/b", "ÿ€漢字🎥", new[] { 1, 2 }, new { nested = new { deeper = 1 } },
        ];
        string[] fields = ["id", "source", "fps", "model", "loop", "zones", "filter"];
        for (var i = 0; i < 150; i++)
        {
            var body = new Dictionary<string, object?>
            {
                ["id"] = $"fuzz-{i}",
                ["source"] = _clips.MovingBox,
                ["fps"] = 5,
                ["model"] = "shapes",
            };
            // Replace one to three fields with odd values, sometimes drop one or add an unknown one.
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                body[fields[random.Next(fields.Length)]] = oddValues[random.Next(oddValues.Length)];
            }
            if (random.Next(4) == 0)
            {
                body.Remove(fields[random.Next(fields.Length)]);
            }
            if (random.Next(4) == 0)
            {
                body[$"unknown{random.Next(100)}"] = oddValues[random.Next(oddValues.Length)];
            }
            var json = JsonSerializer.Serialize(body);
            if (random.Next(6) == 0)
            {
                json = json[..random.Next(json.Length)]; // truncated JSON
            }

            using var response = await _http.PostAsync(Url("/api/cameras"), new StringContent(json, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500 || response.StatusCode == HttpStatusCode.Created, $"{status} for {json[..Math.Min(json.Length, 300)]}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                await _http.DeleteAsync(response.Headers.Location!.OriginalString.Insert(0, Silo.BaseUrl));
            }
        }
        Assert.False(Silo.HasExited);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url("/health/ready"))).StatusCode);
    }

    [Fact]
    public async Task Zones_and_filters_are_kept_and_events_are_listed_with_snapshots_over_http()
    {
        var zone = new { name = "top-left", points = new[] { new { x = 0, y = 0 }, new { x = 640, y = 0 }, new { x = 640, y = 360 }, new { x = 0, y = 360 } } };
        var created = await _http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "http-events", source = _clips.MovingBox, fps = 5, model = "shapes", loop = false,
            zones = new[] { zone }, filter = new { labels = new[] { "object" }, minScore = 0.3 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var camera = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("top-left", camera.GetProperty("zones")[0].GetProperty("name").GetString());
        Assert.Equal(4, camera.GetProperty("zones")[0].GetProperty("points").GetArrayLength());
        Assert.Equal(0.3, camera.GetProperty("filter").GetProperty("minScore").GetDouble(), 3);

        // The box starts inside the zone (anchor 150,200) and walks out of it; the clip ends after 3 s.
        var page = await Eventually.ValueAsync(
            () => _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/http-events/events?zone=top-left")),
            p => p.GetProperty("items").GetArrayLength() == 1 && p.GetProperty("items")[0].GetProperty("end").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(60), "the zone event to end");
        var e = page.GetProperty("items")[0];
        Assert.Equal("zone", e.GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal("object", e.GetProperty("label").GetString());
        using var snapshot = await _http.GetAsync(Url(e.GetProperty("snapshot").GetString()!));
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);

        var all = await _http.GetFromJsonAsync<JsonElement>(Url("/api/events?camera=http-events&kind=object"));
        Assert.Equal("object", all.GetProperty("items")[0].GetProperty("kind").GetString(), ignoreCase: true);
        var across = await _http.GetFromJsonAsync<JsonElement>(Url("/api/events?limit=1"));
        Assert.Equal(1, across.GetProperty("items").GetArrayLength());
        var next = across.GetProperty("next").GetString();
        var second = await _http.GetFromJsonAsync<JsonElement>(Url($"/api/events?limit=1&cursor={Uri.EscapeDataString(next!)}"));
        static string Key(JsonElement e) => $"{e.GetProperty("cameraId").GetString()}/{e.GetProperty("id").GetString()}";
        Assert.NotEqual(Key(across.GetProperty("items")[0]), Key(second.GetProperty("items")[0]));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(Url("/api/cameras/http-events/events/no-such-event/snapshot"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(Url("/api/cameras/no-such-camera/events"))).StatusCode);
    }

    [Theory]
    [InlineData("kind=sideways")]
    [InlineData("kind=7")]
    [InlineData("kind=object,zone")]
    [InlineData("limit=0")]
    [InlineData("cursor=1.2")]
    [InlineData("cursor=12.!!.x")]
    [InlineData("from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z")]
    public async Task Bad_event_query_parameters_get_400(string query)
    {
        using var response = await _http.GetAsync(Url($"/api/events?{query}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_huge_body_is_refused_and_the_silo_keeps_serving()
    {
        var huge = JsonSerializer.Serialize(new { id = "x", source = new string('a', 100_000), fps = 5, model = "shapes" });
        using var response = await _http.PostAsync(Url("/api/cameras"), new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("body must be at most", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url("/api/cameras"))).StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("limit=0")]
    [InlineData("limit=5000")]
    [InlineData("cursor=abc")]
    [InlineData("from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z")]
    public async Task Bad_query_parameters_get_400(string query)
    {
        await _http.PostAsJsonAsync(Url("/api/cameras"), new { id = "query-params", source = _clips.MovingBox, fps = 1, model = "shapes" });
        using var response = await _http.GetAsync(Url($"/api/cameras/query-params/detections?{query}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_is_served_on_the_same_port()
    {
        using var response = await _http.GetAsync(Url("/dashboard/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_system_view_has_the_silo_with_its_report_its_cameras_and_what_needs_attention()
    {
        using (var added = await _http.PostAsJsonAsync(Url("/api/cameras"), new { id = "system-notvideo", source = _clips.NotVideo, fps = 1, model = "shapes" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        // Silos report every few seconds; the camera whose file is no video fails meanwhile.
        var system = await Eventually.ValueAsync(
            () => _http.GetFromJsonAsync<JsonElement>(Url("/api/system")),
            s => s.GetProperty("silos").EnumerateArray().Any(silo => silo.GetProperty("report").ValueKind == JsonValueKind.Object)
                && s.GetProperty("attention").EnumerateArray().Any(note => note.GetString()!.StartsWith("camera system-notvideo is ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), "the silo's report and the refused camera among what needs attention");

        var silo = Assert.Single(system.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.Contains("system-notvideo", silo.GetProperty("cameras").EnumerateArray().Select(c => c.GetString()));
        var report = silo.GetProperty("report");
        Assert.True(report.GetProperty("memoryBytes").GetInt64() > 50_000_000, report.ToString());
        Assert.True(report.GetProperty("cores").GetInt32() >= 1);
        Assert.False(report.GetProperty("gpu").GetBoolean());
        Assert.Contains(report.GetProperty("models").EnumerateArray(), m => m.GetProperty("model").GetString() == "shapes");
        Assert.Equal(system.GetProperty("cameras").GetInt32(), (await _http.GetFromJsonAsync<JsonElement>(Url("/api/cameras"))).GetArrayLength());
        await _http.DeleteAsync(Url("/api/cameras/system-notvideo"));
    }

    [Theory]
    [InlineData("/live")]
    [InlineData("/review")]
    [InlineData("/system")]
    [InlineData("/recordings")]
    [InlineData("/search")]
    [InlineData("/jobs")]
    [InlineData("/cameras")]
    public async Task The_web_uis_views_are_served_at_their_addresses_without_a_key(string view)
    {
        // A link copied from the address bar opens the page; its data still needs the login.
        using var anonymous = new HttpClient();
        using var page = await anonymous.GetAsync(Url($"{view}?camera=gate&kind=zone"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\">", await page.Content.ReadAsStringAsync());
        using var data = await anonymous.GetAsync(Url("/api/cameras"));
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
        using var unknown = await anonymous.GetAsync(Url("/nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private string Url(string path) => Silo.BaseUrl + path;
}
