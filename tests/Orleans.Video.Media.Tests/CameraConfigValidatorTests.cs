namespace Orleans.Video.Media.Tests;

/// <summary>Configuration rules from the contract, checked here with the media sources they guard.</summary>
public sealed class CameraConfigValidatorTests
{
    [Theory]
    [InlineData("/videos/gate.mp4")]
    [InlineData("clips/gate.mp4")]
    [InlineData("rtsp://10.0.0.5:554/stream1")]
    [InlineData("rtsps://cam.example/live")]
    [InlineData("http://127.0.0.1:8000/x.ts")]
    [InlineData("tcp://127.0.0.1:5000")]
    [InlineData("udp://127.0.0.1:5000")]
    [InlineData("/videos/with space.mp4")]
    [InlineData("rtsp://user:p%40ss@cam.example:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1")]
    [InlineData("http://[2001:db8::1]:8080/live.m3u8")]
    public void Accepts_files_and_the_allowed_schemes(string source) =>
        Assert.Empty(CameraConfigValidator.Validate(new CameraConfig(source, 5, "shapes")));

    [Theory]
    [InlineData("", "source is required")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("ftp://host/x.mp4", "scheme 'ftp' is not allowed")]
    [InlineData("concat:a.mp4|b.mp4", "file path or a URL")]
    [InlineData("rtsp://", "not a valid URL")]
    [InlineData("/tmp/a\nb.mp4", "control characters")]
    [InlineData("http://cam.example/a.ts\" -y \"/tmp/out.mp4", "'\"' is not allowed")]
    [InlineData("http://cam.example/a.ts -y /tmp/out.mp4", "' ' is not allowed")]
    [InlineData("rtsp://cam.example/live'", "''' is not allowed")]
    [InlineData("http://cam.example/a\\b", "'\\' is not allowed")]
    [InlineData("http://cam.example/caf\u00e9", "is not allowed in one")]
    [InlineData("http://cam.example/%2", "percent-encoded")]
    [InlineData("tcp://cam.example:5000?listen=1", "'listen' is not allowed")]
    [InlineData("udp://cam.example:5000?foo=1&LocalAddr=10.0.0.1", "'localaddr' is not allowed")]
    [InlineData("/media/a\" -i \"b.mp4", "quotes")]
    [InlineData("-i", "must not start with '-'")]
    public void Refuses_bad_sources_naming_the_rule(string source, string message) =>
        Assert.Contains(CameraConfigValidator.Validate(new CameraConfig(source, 5, "shapes")), e => e.Contains(message));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(31)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Refuses_fps_outside_its_range(double fps) =>
        Assert.Contains(CameraConfigValidator.Validate(new CameraConfig("/a.mp4", fps, "shapes")), e => e.StartsWith("fps"));

    [Fact]
    public void Lists_every_problem_at_once()
    {
        var errors = CameraConfigValidator.Validate(new CameraConfig("", 0, ""));
        Assert.Equal(3, errors.Count);
        Assert.Throws<ArgumentException>(() => CameraConfigValidator.ThrowIfInvalid(new CameraConfig("", 0, "")));
    }

    [Theory]
    [InlineData("cam-1", true)]
    [InlineData("Gate_B.north", true)]
    [InlineData("", false)]
    [InlineData("-leading", false)]
    [InlineData("has space", false)]
    [InlineData("slash/inside", false)]
    public void Camera_ids_are_key_and_url_safe(string id, bool valid) =>
        Assert.Equal(valid, CameraId.Validate(id) is null);

    [Fact]
    public void Frame_sequences_carry_generation_and_index_and_order_across_generations()
    {
        var sequence = FrameSequence.Create(3, 41);
        Assert.Equal(3, FrameSequence.Generation(sequence));
        Assert.Equal(41, FrameSequence.FrameIndex(sequence));
        Assert.True(FrameSequence.Create(4, 0) > FrameSequence.Create(3, uint.MaxValue));
    }

    private static Zone Triangle(string name = "z", double loiter = 0, params string[] labels) =>
        new(name, [new(0, 0), new(100, 0), new(0, 100)], labels.Length > 0 ? [.. labels] : null, loiter);

    [Fact]
    public void Accepts_zones_and_a_filter()
    {
        var config = new CameraConfig("/a.mp4", 5, "shapes", Zones: [Triangle("door", 5, "person"), Triangle("yard")], Filter: new DetectionFilter(["person"], 0.5f, 100));
        Assert.Empty(CameraConfigValidator.Validate(config));
    }

    [Fact]
    public void Refuses_zones_with_duplicate_names_bad_polygons_and_bad_loitering_naming_each()
    {
        List<Zone> zones =
        [
            Triangle("door"),
            Triangle("DOOR"),
            new("two", [new(0, 0), new(1, 1)]),
            new("far", [new(0, 0), new(99_999, 0), new(0, 10)]),
            Triangle("slow", loiter: double.NaN),
            Triangle("labels", 0, " "),
        ];
        var errors = CameraConfigValidator.Validate(new CameraConfig("/a.mp4", 5, "shapes", Zones: zones));
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("'DOOR' is used by another zone"));
        Assert.Contains(errors, e => e.StartsWith("zone 'two': points must hold 3"));
        Assert.Contains(errors, e => e.StartsWith("zone 'far': points must be source pixels"));
        Assert.Contains(errors, e => e.StartsWith("zone 'slow': loiterSeconds"));
        Assert.Contains(errors, e => e.StartsWith("zone 'labels': labels must be"));
    }

    [Theory]
    [InlineData(-0.1f, 0f)]
    [InlineData(1.5f, 0f)]
    [InlineData(0.5f, -1f)]
    [InlineData(float.NaN, 0f)]
    public void Refuses_filters_out_of_range(float minScore, float minArea) =>
        Assert.Contains(CameraConfigValidator.Validate(new CameraConfig("/a.mp4", 5, "shapes", Filter: new DetectionFilter(null, minScore, minArea))),
            e => e.StartsWith("filter."));

    [Fact]
    public void Configurations_with_equal_zones_and_filters_are_equal_so_reconfiguring_restarts_nothing()
    {
        CameraConfig Make() => new("/a.mp4", 5, "shapes", Zones: [Triangle("door", 3, "person")], Filter: new DetectionFilter(["person"], 0.4f));
        Assert.Equal(Make(), Make());
        Assert.NotEqual(Make(), Make() with { Zones = [Triangle("door", 4, "person")] });
        Assert.NotEqual(Make(), Make() with { Filter = new DetectionFilter(["car"], 0.4f) });
    }

    [Fact]
    public void A_zone_holds_an_object_by_the_middle_of_its_bottom_edge()
    {
        var zone = new Zone("floor", [new(0, 200), new(400, 200), new(400, 400), new(0, 400)]);
        Assert.True(zone.Holds(new Box(100, 150, 50, 100)));   // feet at (125, 250)
        Assert.False(zone.Holds(new Box(100, 50, 50, 100)));   // feet at (125, 150): head and body above the floor
        Assert.False(zone.Holds(new Box(390, 250, 40, 40)));   // feet at (410, 290)
        var concave = new Zone("L", [new(0, 0), new(100, 0), new(100, 40), new(40, 40), new(40, 100), new(0, 100)]);
        Assert.True(concave.Contains(20, 80));
        Assert.False(concave.Contains(80, 80));
    }

    [Fact]
    public void A_filter_keeps_labels_scores_and_areas_it_allows()
    {
        var filter = new DetectionFilter(["Person"], 0.5f, 1000);
        Detection[] detections =
        [
            new("person", 0, 0.9f, new Box(0, 0, 50, 50)),
            new("person", 0, 0.4f, new Box(0, 0, 50, 50)),
            new("person", 0, 0.9f, new Box(0, 0, 10, 10)),
            new("car", 2, 0.9f, new Box(0, 0, 50, 50)),
        ];
        Assert.Equal([detections[0]], filter.Apply(detections));
        Assert.Same(detections, new DetectionFilter().Apply(detections));
    }

    [Fact]
    public void Motion_masks_are_polygons_of_source_pixels_with_an_area()
    {
        List<ZonePoint> line = [new(0, 0), new(5, 5), new(10, 10)];
        List<ZonePoint> corner = [new(0, 0), new(100, 0), new(0, 100)];
        var errors = CameraConfigValidator.Validate(new CameraConfig("/videos/gate.mp4", 5, "shapes",
            MotionMasks: [new([new(0, 0), new(1, 1)]), new(line), new([new(0, 0), new(-1, 0), new(0, 5)]), new(corner)]));
        Assert.Equal(
        [
            "motionMasks[0]: points must hold 3 to 64 vertices",
            "motionMasks[1]: the polygon encloses no area (its points are on one line)",
            "motionMasks[2]: points must be source pixels in [0, 16384]",
        ], errors);
    }
}

