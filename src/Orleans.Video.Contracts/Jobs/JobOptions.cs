namespace Orleans.Video;

/// <summary>How a job analyses its file: the same choices a camera has, minus those of a live source.</summary>
/// <param name="Model">The detection model, by name.</param>
/// <param name="Fps">Frames analysed per second of video; 0 analyses every frame.</param>
/// <param name="Zones">Zones whose visitors make events, in source pixels; null or empty for none.</param>
/// <param name="Filter">Detections kept, as a camera's; null tracks the model's default labels (<see cref="TrackedLabels"/>).</param>
/// <param name="Annotate">Also write an H.264 video of the file with the boxes drawn.</param>
[GenerateSerializer, Immutable]
[Alias("video.JobOptions")]
public sealed record JobOptions(
    [property: Id(0)] string Model,
    [property: Id(1)] double Fps = 0,
    [property: Id(2)] List<Zone>? Zones = null,
    [property: Id(3)] DetectionFilter? Filter = null,
    [property: Id(4)] bool Annotate = false)
{
    public IReadOnlyList<Zone> ZoneList => Zones ?? [];

    /// <summary>The problems with these options, each naming its field; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("model is required");
        }
        if (!double.IsFinite(Fps) || Fps < 0 || Fps > CameraConfigValidator.MaxFps)
        {
            errors.Add($"fps must be 0 (every frame) or a number in (0, {CameraConfigValidator.MaxFps}]");
        }
        CameraConfigValidator.ZoneErrors(Zones, errors);
        CameraConfigValidator.FilterErrors(Filter, errors);
        return errors;
    }
}
