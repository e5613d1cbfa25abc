namespace Orleans.Video;

/// <summary>
/// An area the motion gate ignores (a clock burnt into the picture, a tree in the wind, a road beyond the fence): change
/// inside it is no reason to run the detector. Objects are still detected there when the detector runs for motion
/// elsewhere. A polygon in source-frame pixels.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.MotionMask")]
public sealed record MotionMask([property: Id(0)] List<ZonePoint> Points)
{
    // Records compare lists by reference; a configuration read back from storage must equal the one written.
    public bool Equals(MotionMask? other) => other is not null && Same.Items(Points, other.Points);

    public override int GetHashCode() => Points?.Count ?? 0;
}
