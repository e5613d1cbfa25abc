using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>Recording a live loopback source through a real silo process, and playing it back over HTTP.</summary>
public sealed class RecordingTests(RecordingFixture fixture) : IClassFixture<RecordingFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The live source's keyframe interval (-g 25 at 25 fps): how far a trimmed playback may run past its range.</summary>
    private const double KeyframeInterval = 1.0;

    [Fact]
    public async Task A_live_source_is_recorded_in_segments_that_decode_and_that_the_index_matches_on_disk()
    {
        using var source = new LiveSource();
        await fixture.AddRecordingCameraAsync("rec-continuous", source.Url);
        var camera = await Eventually.ValueAsync(() => CameraAsync("rec-continuous"), c => c.GetProperty("recording").GetBoolean(), Deadline, "the camera recording");
        Assert.Equal(JsonValueKind.Null, camera.GetProperty("recordingError").ValueKind);
        await Eventually.ValueAsync(() => SpansAsync("rec-continuous"), spans => SecondsOf(spans) >= 10, Deadline, "10 s recorded");

        // A new configuration without recording ends the decoder, which closes its last segment and indexes it.
        await ReconfigureWithoutRecordingAsync("rec-continuous", source.Url);
        var spans = await SpansAsync("rec-continuous");
        var span = Assert.Single(spans);
        var start = span.GetProperty("start").GetDateTimeOffset();
        var end = span.GetProperty("end").GetDateTimeOffset();

        // The whole span as a playlist names every indexed segment once, each whole: all its bytes from the first.
        var playlist = await PlaylistAsync("rec-continuous", start, end);
        var segments = playlist.Segments;
        Assert.All(segments, s => Assert.EndsWith("@0", s.ByteRange));
        Assert.Equal(span.GetProperty("segments").GetInt32(), segments.Count);
        Assert.InRange(segments.Sum(s => s.Seconds), (end - start).TotalSeconds - RecordingFixture.SegmentLength.TotalSeconds, (end - start).TotalSeconds + 0.1);

        // The files on disk are exactly the indexed segments, each as large as indexed, each decoding cleanly.
        var folder = Path.Combine(fixture.MediaRoot, "recordings", "rec-continuous");
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.All(files, file => Assert.EndsWith(".ts", file));
        Assert.True(segments.Count == files.Length, $"{playlist.Text}\n{string.Join('\n', files.Select(f => $"{f} {new FileInfo(f).Length}"))}");
        Assert.Equal(span.GetProperty("bytes").GetInt64(), files.Sum(f => new FileInfo(f).Length));
        Assert.Equal(files.Select(f => new FileInfo(f).Length).Order(), segments.Select(s => long.Parse(s.ByteRange.Split('@')[0], CultureInfo.InvariantCulture)).Order());
        Assert.All(files, file => Assert.Equal("", MediaProbe.DecodeErrors(file)));
        foreach (var segment in segments.Take(3))
        {
            using var response = await fixture.Http.GetAsync(fixture.Url($"/api/cameras/rec-continuous/{segment.Uri}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains((await response.Content.ReadAsByteArrayAsync()).Length, files.Select(f => (int)new FileInfo(f).Length));
        }
    }

    [Fact]
    public async Task A_range_plays_as_a_playlist_and_exports_as_a_clip_of_its_length_to_within_a_keyframe()
    {
        using var source = new LiveSource();
        await fixture.AddRecordingCameraAsync("rec-playback", source.Url);
        var spans = await Eventually.ValueAsync(() => SpansAsync("rec-playback"), s => SecondsOf(s) >= 12, Deadline, "12 s recorded");
        var recorded = spans.Single().GetProperty("start").GetDateTimeOffset();
        // Mid-segment at both ends: the playlist trims its first and last segments with byte ranges.
        var from = recorded + TimeSpan.FromSeconds(2.5);
        var to = from + TimeSpan.FromSeconds(6.3);

        var playlist = await PlaylistAsync("rec-playback", from, to);
        Assert.DoesNotContain("@0", playlist.Segments[0].ByteRange);
        Assert.InRange(playlist.Segments.Sum(s => s.Seconds), 6.3 - 0.05, 6.3 + 2 * KeyframeInterval);
        var url = fixture.Url($"/api/cameras/rec-playback/vod.m3u8?from={Iso(from)}&to={Iso(to)}");
        Assert.InRange(MediaProbe.Duration(url), 6.3 - 0.05, 6.3 + 2 * KeyframeInterval);
        Assert.True(MediaProbe.DecodeErrors(url) is "", $"{MediaProbe.DecodeErrors(url)}\n{playlist.Text}");

        var clip = Path.Combine(fixture.MediaRoot, "clip-test.mp4");
        using (var response = await fixture.Http.GetAsync(fixture.Url($"/api/cameras/rec-playback/clip.mp4?from={Iso(from)}&to={Iso(to)}")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            await File.WriteAllBytesAsync(clip, await response.Content.ReadAsByteArrayAsync());
        }
        try
        {
            // Starts at the keyframe at or before "from", cut at "to": 25 fps, so frames count the seconds.
            Assert.InRange(MediaProbe.DecodedFrames(clip) / 25.0, 6.3 - 0.1, 6.3 + KeyframeInterval + 0.1);
            Assert.Equal("", MediaProbe.DecodeErrors(clip));
        }
        finally
        {
            File.Delete(clip);
        }

        // The timeline's preview: the frame at a moment, scaled to the width asked for.
        using (var frame = await fixture.Http.GetAsync(fixture.Url($"/api/cameras/rec-playback/frame.jpg?at={Iso(from)}&width=240")))
        {
            Assert.Equal(HttpStatusCode.OK, frame.StatusCode);
            Assert.Equal("image/jpeg", frame.Content.Headers.ContentType?.MediaType);
            Assert.Equal(240, JpegWidth(await frame.Content.ReadAsByteArrayAsync()));
        }
        await ReconfigureWithoutRecordingAsync("rec-playback", source.Url);
    }

    [Fact]
    public async Task An_event_exports_as_a_clip_of_its_span_and_the_camera_s_padding()
    {
        using var clips = new TestClips();
        // The box crosses the picture every 3 s (the clip loops): an event of about 3 s each time. 5 fps: the box moves
        // 40 px between analysed frames, which its track follows (at 2 fps it jumps 100 px). A second of padding.
        using (var added = await fixture.Http.PostAsJsonAsync(fixture.Url("/api/cameras"), new
        {
            id = "rec-event", source = clips.MovingBox, fps = 5, model = "shapes", motionGate = false,
            record = new { mode = "continuous", preSeconds = 1, postSeconds = 1 },
        }))
        {
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }
        var padding = TimeSpan.FromSeconds(1);
        // An ended event whose padded span the recording holds whole, with more recorded before and after it.
        var (ended, from, to) = await Eventually.ValueAsync(async () =>
        {
            var span = (await SpansAsync("rec-event")).SingleOrDefault();
            var recorded = span.ValueKind == JsonValueKind.Object
                ? (span.GetProperty("start").GetDateTimeOffset(), span.GetProperty("end").GetDateTimeOffset())
                : (DateTimeOffset.MaxValue, DateTimeOffset.MinValue);
            var inside = (await EventsAsync("rec-event"))
                .Where(e => e.GetProperty("end").ValueKind != JsonValueKind.Null)
                .Select(e => (Event: e, From: e.GetProperty("start").GetDateTimeOffset() - padding, To: e.GetProperty("end").GetDateTimeOffset() + padding))
                .FirstOrDefault(e => e.From > recorded.Item1 && e.To < recorded.Item2);
            return inside;
        }, e => e.Event.ValueKind == JsonValueKind.Object, Deadline, "an ended event inside the recording");

        var clip = Path.Combine(fixture.MediaRoot, "event-clip-test.mp4");
        using (var response = await fixture.Http.GetAsync(fixture.Url($"/api/cameras/rec-event/events/{Uri.EscapeDataString(ended.GetProperty("id").GetString()!)}/clip.mp4")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            await File.WriteAllBytesAsync(clip, await response.Content.ReadAsByteArrayAsync());
        }
        try
        {
            // From the keyframe at or before its padded start (one a second in the clip), cut at its padded end: 25 fps.
            var seconds = (to - from).TotalSeconds;
            Assert.InRange(MediaProbe.DecodedFrames(clip) / 25.0, seconds - 0.5, seconds + KeyframeInterval + 0.5);
            Assert.Equal("", MediaProbe.DecodeErrors(clip));
        }
        finally
        {
            File.Delete(clip);
        }
        await fixture.Http.DeleteAsync(fixture.Url("/api/cameras/rec-event"));
    }

    [Theory]
    [InlineData("/api/cameras/{camera}/vod.m3u8", 400)]
    [InlineData("/api/cameras/{camera}/vod.m3u8?from=yesterday&to=today", 400)]
    [InlineData("/api/cameras/{camera}/vod.m3u8?from=2026-11-30T10:00:00Z&to=2026-11-30T09:00:00Z", 400)]
    [InlineData("/api/cameras/{camera}/vod.m3u8?from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z", 400)]
    [InlineData("/api/cameras/{camera}/vod.m3u8?from=2001-01-01T00:00:00Z&to=2001-01-01T00:10:00Z", 404)]
    [InlineData("/api/cameras/{camera}/clip.mp4?from=2026-11-30T10:00:00Z", 400)]
    [InlineData("/api/cameras/{camera}/clip.mp4?from=2026-11-30T10:00:00Z&to=2026-11-30T12:00:01Z", 400)]
    [InlineData("/api/cameras/{camera}/clip.mp4?from=2001-01-01T00:00:00Z&to=2001-01-01T00:10:00Z", 404)]
    [InlineData("/api/cameras/{camera}/recordings?from=nope", 400)]
    [InlineData("/api/cameras/{camera}/recordings?limit=0", 400)]
    [InlineData("/api/cameras/{camera}/recordings?cursor=..%2F..", 400)]
    [InlineData("/api/cameras/{camera}/recordings?from=2026-01-01T00:00:00Z&to=2026-11-30T00:00:00Z", 400)]
    [InlineData("/api/cameras/{camera}/segments/..%2F..%2F..%2Fetc%2Fpasswd", 400)]
    [InlineData("/api/cameras/{camera}/segments/%2Fetc%2Fpasswd", 400)]
    [InlineData("/api/cameras/{camera}/segments/1.ts", 404)]
    [InlineData("/api/cameras/{camera}/segments/-1.ts", 400)]
    [InlineData("/api/cameras/{camera}/segments/99999999999999999999999.ts", 400)]
    [InlineData("/api/cameras/{camera}/events/nope/clip.mp4", 404)]
    [InlineData("/api/cameras/{camera}/frame.jpg", 400)]
    [InlineData("/api/cameras/{camera}/frame.jpg?at=2001-01-01T00:00:00Z", 404)]
    [InlineData("/api/cameras/{camera}/frame.jpg?at=2026-11-30T10:00:00Z&width=5000", 400)]
    [InlineData("/api/cameras/..%2F..%2Fetc/recordings", 404)]
    [InlineData("/api/cameras/no-such-camera/recordings", 404)]
    [InlineData("/api/cameras/no-such-camera/vod.m3u8?from=2026-11-30T10:00:00Z&to=2026-11-30T10:01:00Z", 404)]
    [InlineData("/api/cameras/no-such-camera/clip.mp4?from=2026-11-30T10:00:00Z&to=2026-11-30T10:01:00Z", 404)]
    [InlineData("/api/cameras/no-such-camera/segments/1764511320000.ts", 404)]
    public async Task Bad_playback_requests_get_4xx_with_a_reason_never_5xx(string path, int status)
    {
        using var source = new LiveSource();
        await fixture.AddRecordingCameraAsync("rec-sweep", source.Url);
        using var response = await fixture.Http.GetAsync(fixture.Url(path.Replace("{camera}", "rec-sweep")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{path}: {(int)response.StatusCode} {body}");
        if (status == 400)
        {
            Assert.Contains("\"detail\"", body);
        }
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(fixture.Url("/api/cameras"))).StatusCode);
    }

    /// <summary>A baseline JPEG's width, from its start-of-frame segment (FF C0: length, precision, height, width).</summary>
    private static int JpegWidth(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG");
        for (var i = 2; i + 8 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return (jpeg[i + 7] << 8) | jpeg[i + 8];
            }
        }
        throw new InvalidOperationException("no start-of-frame segment in the JPEG");
    }

    private async Task ReconfigureWithoutRecordingAsync(string id, string source)
    {
        var response = await fixture.Http.PostAsJsonAsync(fixture.Url("/api/cameras"), new { id, source, fps = 2, model = "shapes", motionGate = false });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> CameraAsync(string id) =>
        await fixture.Http.GetFromJsonAsync<JsonElement>(fixture.Url($"/api/cameras/{id}"));

    private async Task<List<JsonElement>> EventsAsync(string id)
    {
        var page = await fixture.Http.GetFromJsonAsync<JsonElement>(fixture.Url($"/api/cameras/{id}/events"));
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task<List<JsonElement>> SpansAsync(string id)
    {
        var page = await fixture.Http.GetFromJsonAsync<JsonElement>(fixture.Url($"/api/cameras/{id}/recordings"));
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static double SecondsOf(List<JsonElement> spans) =>
        spans.Sum(s => (s.GetProperty("end").GetDateTimeOffset() - s.GetProperty("start").GetDateTimeOffset()).TotalSeconds);

    private async Task<Playlist> PlaylistAsync(string id, DateTimeOffset from, DateTimeOffset to)
    {
        using var response = await fixture.Http.GetAsync(fixture.Url($"/api/cameras/{id}/vod.m3u8?from={Iso(from)}&to={Iso(to)}"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n');
        var segments = new List<PlaylistSegment>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var seconds = double.Parse(lines[i]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
                var uri = lines.Skip(i + 1).First(l => !l.StartsWith('#'));
                var range = lines.Skip(i + 1).First(l => l.StartsWith("#EXT-X-BYTERANGE:", StringComparison.Ordinal))["#EXT-X-BYTERANGE:".Length..];
                segments.Add(new PlaylistSegment(seconds, uri, range));
            }
        }
        Assert.EndsWith("#EXT-X-ENDLIST\n", text);
        return new Playlist(text, segments);
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private sealed record Playlist(string Text, List<PlaylistSegment> Segments);

    private sealed record PlaylistSegment(double Seconds, string Uri, string ByteRange);
}
