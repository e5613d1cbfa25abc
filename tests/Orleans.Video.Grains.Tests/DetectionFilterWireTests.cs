using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Video.Grains.Tests;

/// <summary>
/// A camera's filter travels with each frame to an inference grain on another silo and is stored with the camera,
/// through Orleans' own serializer: per-label rules arrive whole, and filters written before them still read.
/// </summary>
public sealed class DetectionFilterWireTests
{
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(FramePacket).Assembly).AddAssembly(typeof(DetectionFilterWireTests).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_frames_filter_arrives_with_its_maximum_area_and_per_label_rules()
    {
        var filter = new DetectionFilter(["person"], 0.3f, 10, 90_000, new()
        {
            ["car"] = new LabelFilter(0.5f, 400, 200_000),
            ["dog"] = new LabelFilter(MinScore: 0.7f),
        });
        var frame = new FramePacket
        {
            CameraId = "cam",
            Sequence = 1,
            Timestamp = DateTimeOffset.UnixEpoch,
            Model = "objects",
            Letterbox = Letterbox.Fit(640, 360, 640, 384),
            Planes = new FramePlanes(new byte[16]),
            Filter = filter,
        };

        var received = _serializer.Deserialize<FramePacket>(_serializer.SerializeToArray(frame))!;

        Assert.Equal(filter, received.Filter);
        Assert.Equal(new LabelFilter(MinScore: 0.7f), received.Filter!.RuleFor("DOG"));
        Assert.False(received.Filter.Keeps(new Detection("car", 2, 0.45f, new Box(0, 0, 30, 30))));
    }

    [Fact]
    public void A_filter_stored_before_per_label_rules_reads_with_none()
    {
        var stored = _serializer.SerializeToArray(new FilterBeforePerLabel { Labels = ["person"], MinScore = 0.5f, MinArea = 100 });

        var read = _serializer.Deserialize<DetectionFilter>(stored)!;

        Assert.Equal(new DetectionFilter(["person"], 0.5f, 100), read);
        Assert.Null(read.MaxArea);
        Assert.Null(read.PerLabel);
    }
}

/// <summary>A <see cref="DetectionFilter"/> as it was written before <see cref="DetectionFilter.MaxArea"/> and <see cref="DetectionFilter.PerLabel"/>.</summary>
[GenerateSerializer]
[Alias("test.FilterBeforePerLabel")]
public sealed record FilterBeforePerLabel
{
    [Id(0)] public List<string>? Labels { get; init; }
    [Id(1)] public float MinScore { get; init; }
    [Id(2)] public float MinArea { get; init; }
}
