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
    public void Accepts_files_and_the_allowed_schemes(string source) =>
        Assert.Empty(CameraConfigValidator.Validate(new CameraConfig(source, 5, "shapes")));

    [Theory]
    [InlineData("", "source is required")]
    [InlineData("file:///etc/passwd", "scheme 'file' is not allowed")]
    [InlineData("ftp://host/x.mp4", "scheme 'ftp' is not allowed")]
    [InlineData("concat:a.mp4|b.mp4", "file path or a URL")]
    [InlineData("rtsp://", "not a valid URL")]
    [InlineData("/tmp/a\nb.mp4", "control characters")]
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
}
