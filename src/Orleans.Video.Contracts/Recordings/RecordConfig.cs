namespace Orleans.Video;

/// <summary>How a camera is recorded (the <c>record</c> object of a camera).</summary>
/// <param name="Mode">Off, continuous, or events only.</param>
/// <param name="PreSeconds">Events mode: video kept before an event starts.</param>
/// <param name="PostSeconds">Events mode: video kept after an event ends.</param>
/// <param name="ContinuousDays">Video that overlaps no event is deleted after this many days.</param>
/// <param name="EventDays">Video that overlaps an event is deleted after this many days.</param>
[GenerateSerializer, Immutable]
[Alias("video.RecordConfig")]
public sealed record RecordConfig(
    [property: Id(0)] RecordMode Mode = RecordMode.Off,
    [property: Id(1)] double PreSeconds = RecordConfig.DefaultPaddingSeconds,
    [property: Id(2)] double PostSeconds = RecordConfig.DefaultPaddingSeconds,
    [property: Id(3)] double ContinuousDays = RecordConfig.DefaultContinuousDays,
    [property: Id(4)] double EventDays = RecordConfig.DefaultEventDays)
{
    public const double DefaultPaddingSeconds = 5;
    public const double DefaultContinuousDays = 3;
    public const double DefaultEventDays = 14;

    public static readonly RecordConfig Off = new();

    public bool Enabled => Mode != RecordMode.Off;
}
