using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>
/// The <c>orleans-video</c> CLI as a real process against a real silo process: its commands, its plain and JSON
/// output when stdout is not a terminal, and its exit codes.
/// </summary>
public sealed class CliTests(CliClusterFixture fixture) : IClassFixture<CliClusterFixture>, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    // The whole 1280x720 picture, watching the shapes model's label: the moving box is in it from its first frame.
    private const string DoorZones = """
        // Comments are allowed, as in any hand-written configuration file.
        [{"name": "door", "points": [{"x": 0, "y": 0}, {"x": 1280, "y": 0}, {"x": 1280, "y": 720}, {"x": 0, "y": 720}],
          "labels": ["object"], "loiterSeconds": 30}]
        """;

    // Zone files and snapshots this test writes; deleted when it ends.
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("orleans-video-cli-");

    [Fact]
    public async Task Camera_add_then_list_shows_the_camera_and_status_turns_running()
    {
        var added = await RunOkAsync("camera", "add", "cli-list", "--source", fixture.Clip, "--fps", "5", "--model", "shapes");
        Assert.Contains("added cli-list", added.Stdout);

        var list = await RunOkAsync("camera", "list");
        Assert.Contains(list.Lines, line => line.StartsWith("cli-list ", StringComparison.Ordinal) && line.Contains("model=shapes fps=5"));

        var listed = await RunOkAsync("camera", "list", "--json");
        Assert.Contains(listed.Json().EnumerateArray(), c => c.GetProperty("id").GetString() == "cli-list");

        await Eventually.ValueAsync(() => RunAsync("camera", "status", "cli-list"),
            r => r.ExitCode == 0 && r.Lines.Contains("state       Running"), Settle, "camera status to say Running", Poll);
        var status = await RunOkAsync("camera", "status", "cli-list", "--json");
        Assert.Equal(fixture.Clip, status.Json().GetProperty("source").GetString());
    }

    [Fact]
    public async Task Detections_query_json_returns_the_white_box()
    {
        await AddCameraAsync("cli-detections");
        var result = await Eventually.ValueAsync(() => RunAsync("detections", "query", "cli-detections", "--label", "object", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() >= 3, Settle, "three stored detections", Poll);

        foreach (var detection in result.Json().EnumerateArray())
        {
            Assert.Equal("cli-detections", detection.GetProperty("camera").GetString());
            Assert.Equal("object", detection.GetProperty("label").GetString());
            Assert.InRange(detection.GetProperty("width").GetSingle(), TestClips.BoxSize - 5, TestClips.BoxSize + 5);
            Assert.InRange(detection.GetProperty("height").GetSingle(), TestClips.BoxSize - 5, TestClips.BoxSize + 5);
        }

        var none = await RunOkAsync("detections", "query", "cli-detections", "--label", "no-such-label", "--json");
        Assert.Equal(0, none.Json().GetArrayLength());
        var text = await RunOkAsync("detections", "query", "cli-detections", "--limit", "2", "--from", "1h");
        Assert.Equal(2, text.Lines.Length);
        Assert.All(text.Lines, line => Assert.Contains("  cli-detections  seq=", line));

        // Without a camera: every camera's, this one's among them.
        var every = await RunOkAsync("detections", "query", "--label", "OBJECT", "--limit", "1000", "--json");
        Assert.Contains(every.Json().EnumerateArray(), d => d.GetProperty("camera").GetString() == "cli-detections");
    }

    [Fact]
    public async Task Query_with_all_follows_the_cursor_past_the_limit()
    {
        const int limit = 4;
        await AddCameraAsync("cli-paging");
        await Eventually.ValueAsync(() => RunAsync("detections", "query", "cli-paging", "--limit", "1000", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() > 3 * limit, Settle, "more than three pages of detections", Poll);

        var firstPage = await RunOkAsync("detections", "query", "cli-paging", "--limit", $"{limit}", "--json");
        Assert.Equal(limit, firstPage.Json().GetArrayLength());
        Assert.Contains("--all", firstPage.Stderr);

        var all = await RunOkAsync("detections", "query", "cli-paging", "--limit", $"{limit}", "--all", "--json");
        var sequences = all.Json().EnumerateArray().Select(d => d.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(sequences.Count > 3 * limit, all.ToString());
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.DoesNotContain("--all", all.Stderr);
    }

    [Fact]
    public async Task Watch_prints_a_line_per_frame_until_its_duration_ends()
    {
        await AddCameraAsync("cli-watch");
        await WaitForDetectionsAsync("cli-watch");

        var watch = await RunOkAsync("watch", "cli-watch", "--duration", "5");
        var frames = watch.Lines.Where(line => line.Contains("  cli-watch  seq=", StringComparison.Ordinal)).ToList();
        // 5 fps for 5 s: about 25 frames; a loaded machine may drop some, far fewer would mean a broken subscription.
        Assert.True(frames.Count >= 5, watch.ToString());
        Assert.Contains(frames, line => line.Contains("object ", StringComparison.Ordinal));
        // It ends when its duration does, not before (how long after is the machine's business).
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(5), watch.ToString());

        var json = await RunOkAsync("watch", "--duration", "2", "--json");
        Assert.NotEmpty(json.Lines);
        Assert.All(json.Lines, line => Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(line).RootElement.GetProperty("camera").GetString())));
    }

    [Fact]
    public async Task A_removed_camera_is_unknown_to_status_remove_and_watch()
    {
        await AddCameraAsync("cli-remove");
        var removed = await RunOkAsync("camera", "remove", "cli-remove");
        Assert.Contains("removed cli-remove", removed.Stdout);

        var status = await RunAsync("camera", "status", "cli-remove");
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("no camera 'cli-remove'", status.Stderr);
        Assert.Equal(3, (await RunAsync("camera", "remove", "cli-remove")).ExitCode);
        Assert.Equal(3, (await RunAsync("watch", "cli-remove", "--duration", "1")).ExitCode);
        Assert.DoesNotContain((await RunOkAsync("camera", "list")).Lines, line => line.StartsWith("cli-remove ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_input_exits_1_with_the_rule_on_stderr()
    {
        var fps = await RunAsync("camera", "add", "cli-bad", "--source", fixture.Clip, "--fps", "0");
        Assert.Equal(1, fps.ExitCode);
        Assert.Contains("fps must be a number in (0, 30]", fps.Stderr);
        Assert.DoesNotContain("Parameter", fps.Stderr);
        Assert.Equal("", fps.Stdout);

        var model = await RunAsync("camera", "add", "cli-bad", "--source", fixture.Clip, "--model", "no-such-model");
        Assert.Equal(1, model.ExitCode);
        Assert.Contains("model 'no-such-model' is not in the model catalog", model.Stderr);

        var id = await RunAsync("camera", "add", "bad id!", "--source", fixture.Clip);
        Assert.Equal(1, id.ExitCode);
        Assert.Contains("id must be", id.Stderr);

        var limit = await RunAsync("detections", "query", "cli-bad", "--limit", "5000");
        Assert.Equal(1, limit.ExitCode);
        Assert.Contains("limit must be between 1 and 1000", limit.Stderr);

        // Usage errors are caught by the parser, before any connection.
        var usage = await CliProcess.RunAsync(["camera", "add", "cli-bad"]);
        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("--source", usage.Stderr);
        Assert.DoesNotContain((await RunAsync("camera", "list")).Lines, line => line.StartsWith("cli-bad ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_2_with_the_refusal_in_one_line()
    {
        var closedPort = $"Host=127.0.0.1;Port={LoopbackPorts.Free()};Database=orleans_video;Username=postgres";
        var result = await CliProcess.RunAsync(["camera", "list", "--postgres", closedPort]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot reach cluster", error);
        // A refused connection fails at once, with the refusal as its reason, not by waiting out the connect timeout.
        Assert.Contains("Connection refused", error);
        Assert.DoesNotContain("no gateway answered", error);

        // The PostgreSQL answers, but no silo of that cluster is in its membership table.
        var noSilos = await CliProcess.RunAsync(
            ["camera", "list", "--postgres", fixture.Cluster.Postgres.ConnectionString, "--cluster-id", "no-such-cluster", "--connect-timeout", "5"]);
        Assert.Equal(2, noSilos.ExitCode);
        Assert.Contains("cannot reach cluster 'no-such-cluster'", noSilos.Stderr);
        Assert.DoesNotContain("   at ", noSilos.Stderr);
    }

    [Fact]
    public async Task Camera_add_takes_zones_from_a_file_and_a_filter_and_refuses_a_bad_zones_file_naming_the_zone()
    {
        var added = await RunOkAsync("camera", "add", "cli-zones", "--source", fixture.Clip, "--model", "shapes", "--zones", WriteFile("zones.json", DoorZones),
            "--labels", "object", "--min-score", "0.5", "--min-area", "400", "--min-score", "other=0.8", "--max-area", "other=5000");
        Assert.Contains("added cli-zones", added.Stdout);
        Assert.Contains("zones door", added.Stdout);

        var status = (await RunOkAsync("camera", "status", "cli-zones", "--json")).Json();
        var zone = Assert.Single(status.GetProperty("zones").EnumerateArray());
        Assert.Equal("door", zone.GetProperty("name").GetString());
        Assert.Equal(4, zone.GetProperty("points").GetArrayLength());
        Assert.Equal(30, zone.GetProperty("loiterSeconds").GetDouble());
        var filter = status.GetProperty("filter");
        Assert.Equal(["object"], filter.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0.5, filter.GetProperty("minScore").GetDouble(), 3);
        Assert.Equal(400, filter.GetProperty("minArea").GetDouble());
        var other = filter.GetProperty("perLabel").GetProperty("other");
        Assert.Equal(0.8, other.GetProperty("minScore").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, other.GetProperty("minArea").ValueKind);
        Assert.Equal(5000, other.GetProperty("maxArea").GetDouble());
        Assert.Contains((await RunOkAsync("camera", "status", "cli-zones")).Lines, line => line.StartsWith("filter", StringComparison.Ordinal)
            && line.EndsWith(" only object, other, score >= 0.5, area >= 400 px, other (score >= 0.8, area <= 5000 px)", StringComparison.Ordinal));
        Assert.Contains((await RunOkAsync("camera", "status", "cli-zones")).Lines, line => line.StartsWith("zones", StringComparison.Ordinal) && line.EndsWith("door"));

        // A zone with two points encloses nothing: refused before connecting, naming the zone, and nothing is added.
        var twoPoints = WriteFile("two-points.json", """[{"name":"gate","points":[{"x":0,"y":0},{"x":10,"y":10}]}]""");
        var invalid = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--zones", twoPoints);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("zone 'gate': points must hold 3 to 64 vertices", invalid.Stderr);
        Assert.Equal("", invalid.Stdout);

        var notJson = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--zones", WriteFile("broken.json", """[{"name":"door",""" ));
        Assert.Equal(1, notJson.ExitCode);
        Assert.Contains("broken.json is not valid JSON", notJson.Stderr);
        Assert.DoesNotContain("   at ", notJson.Stderr);

        var misspelt = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip,
            "--zones", WriteFile("misspelt.json", """[{"name":"door","points":[{"x":0,"y":0},{"x":9,"y":0},{"x":9,"y":9}],"loiterSecond":5}]"""));
        Assert.Equal(1, misspelt.ExitCode);
        Assert.Contains("loiterSecond", misspelt.Stderr);

        var missing = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--zones", Path.Combine(_files.FullName, "none.json"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("cannot read the file", missing.Stderr);

        var score = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--min-score", "2");
        Assert.Equal(1, score.ExitCode);
        Assert.Contains("minScore must be in [0, 1]", score.Stderr);
        var notNumber = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--min-score", "object=high");
        Assert.Equal(1, notNumber.ExitCode);
        Assert.Contains("--min-score 'object=high' is neither a number nor label=number", notNumber.Stderr);
        var zeroArea = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--max-area", "object=0");
        Assert.Equal(1, zeroArea.ExitCode);
        Assert.Contains("filter.perLabel.object.maxArea must be a number of pixels, more than 0", zeroArea.Stderr);
        // Checked by the cluster, which knows the model's labels.
        var unknown = await RunAsync("camera", "add", "cli-zones-bad", "--source", fixture.Clip, "--model", "shapes", "--labels", "object,cat");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("filter.labels[1]: 'cat' is not a label of model 'shapes'; model 'shapes' has the labels: object, other", unknown.Stderr);

        Assert.Equal(3, (await RunAsync("camera", "status", "cli-zones-bad")).ExitCode);
        await RunOkAsync("camera", "remove", "cli-zones");
    }

    [Fact]
    public async Task Events_list_returns_the_object_and_zone_events_of_a_camera_with_a_zone_and_snapshot_saves_its_jpeg()
    {
        await RunOkAsync("camera", "add", "cli-events", "--source", fixture.Clip, "--fps", "10", "--model", "shapes", "--no-loop",
            "--zones", WriteFile("zones.json", DoorZones));

        var listed = await Eventually.ValueAsync(() => RunAsync("events", "list", "--camera", "cli-events", "--json"),
            r => r.ExitCode == 0 && r.Json().EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "zone"),
            Settle, "a zone event of cli-events", Poll);
        var events = listed.Json().EnumerateArray().ToList();
        Assert.All(events, e => Assert.Equal("cli-events", e.GetProperty("camera").GetString()));
        var inZone = events.First(e => e.GetProperty("kind").GetString() == "zone");
        Assert.Equal("door", inZone.GetProperty("zone").GetString());
        Assert.Equal("object", inZone.GetProperty("label").GetString());
        Assert.InRange(inZone.GetProperty("width").GetSingle(), TestClips.BoxSize - 5, TestClips.BoxSize + 5);
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "object" && e.GetProperty("trackId").GetInt64() == inZone.GetProperty("trackId").GetInt64());

        // Across every camera, with filters; and as plain lines.
        var acrossCameras = (await RunOkAsync("events", "list", "--kind", "zone", "--zone", "DOOR", "--since", "1h", "--json")).Json().EnumerateArray().ToList();
        Assert.Contains(acrossCameras, e => e.GetProperty("camera").GetString() == "cli-events" && e.GetProperty("id").GetString() == inZone.GetProperty("id").GetString());
        Assert.All(acrossCameras, e => Assert.Equal("zone", e.GetProperty("kind").GetString()));
        Assert.Equal(0, (await RunOkAsync("events", "list", "--camera", "cli-events", "--label", "person", "--json")).Json().GetArrayLength());
        var text = await RunOkAsync("events", "list", "--camera", "cli-events", "--limit", "1");
        Assert.Contains("  cli-events  ", Assert.Single(text.Lines));
        Assert.Contains("more events than --limit 1", text.Stderr);

        // The snapshot of an event that has one, as a JPEG file.
        var withSnapshot = await Eventually.ValueAsync(
            async () => (await RunAsync("events", "list", "--camera", "cli-events", "--json")).Json().EnumerateArray()
                .FirstOrDefault(e => e.GetProperty("hasSnapshot").GetBoolean()),
            e => e.ValueKind == JsonValueKind.Object, Settle, "an event with a snapshot", Poll);
        var jpeg = Path.Combine(_files.FullName, "event.jpg");
        var saved = await RunOkAsync("events", "snapshot", "cli-events", withSnapshot.GetProperty("id").GetString()!, "-o", jpeg);
        Assert.Contains($"wrote {jpeg}", saved.Stdout);
        Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(jpeg).Take(2));

        var noEvent = await RunAsync("events", "snapshot", "cli-events", "no-such-event", "-o", jpeg);
        Assert.Equal(3, noEvent.ExitCode);
        Assert.Contains("no snapshot of event 'no-such-event'", noEvent.Stderr);
        Assert.Equal(3, (await RunAsync("events", "list", "--camera", "no-such-camera")).ExitCode);
        var kind = await RunAsync("events", "list", "--kind", "parked");
        Assert.Equal(1, kind.ExitCode);
        Assert.Contains("--kind 'parked' is not one of object, zone, loiter", kind.Stderr);
    }

    [Fact]
    public async Task Events_watch_prints_each_event_update_until_its_duration_ends()
    {
        // Looping: the box jumps back to its start every 3 s, so a new object (and its events) appears every loop.
        await RunOkAsync("camera", "add", "cli-events-watch", "--source", fixture.Clip, "--fps", "10", "--model", "shapes",
            "--zones", WriteFile("zones.json", DoorZones));
        await Eventually.ValueAsync(() => RunAsync("events", "list", "--camera", "cli-events-watch", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() > 0, Settle, "a first event of cli-events-watch", Poll);

        var watch = await RunOkAsync("events", "watch", "cli-events-watch", "--duration", "8", "--json");
        var updates = watch.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.True(updates.Count >= 2, watch.ToString());
        Assert.All(updates, e => Assert.Equal("cli-events-watch", e.GetProperty("camera").GetString()));
        Assert.Contains(updates, e => e.GetProperty("kind").GetString() == "zone" && e.GetProperty("zone").GetString() == "door");
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(8), watch.ToString());

        var plain = await RunOkAsync("events", "watch", "cli-events-watch", "--duration", "5");
        Assert.Contains(plain.Lines, line => (line.StartsWith("start ", StringComparison.Ordinal) || line.StartsWith("end ", StringComparison.Ordinal))
            && line.Contains("  cli-events-watch  ", StringComparison.Ordinal));
        Assert.Equal(3, (await RunAsync("events", "watch", "no-such-camera", "--duration", "1")).ExitCode);
        await RunOkAsync("camera", "remove", "cli-events-watch");
    }

    public void Dispose() => _files.Delete(recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task AddCameraAsync(string id)
    {
        await RunOkAsync("camera", "add", id, "--source", fixture.Clip, "--fps", "5", "--model", "shapes");
    }

    private async Task WaitForDetectionsAsync(string id) =>
        await Eventually.ValueAsync(() => RunAsync("detections", "query", id, "--limit", "1", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() == 1, Settle, $"a detection from {id}", Poll);

    private async Task<CliResult> RunAsync(params string[] arguments)
    {
        var result = await fixture.RunAsync(arguments);
        // Stdout is a pipe here: the output must be plain, with no terminal control codes.
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain('\u001b', result.Stderr);
        return result;
    }

    private async Task<CliResult> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
