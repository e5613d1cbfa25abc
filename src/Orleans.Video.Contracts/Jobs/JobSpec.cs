namespace Orleans.Video;

/// <summary>What a job was asked to do.</summary>
/// <param name="Source">The video file, an absolute path every silo sees (under a media root, or the job's upload).</param>
/// <param name="Name">What the job shows as its file: the uploaded file's name, or the source's.</param>
/// <param name="Options">How the file is analysed.</param>
/// <param name="Owned">The file is the job's own (an upload, a camera's exported range): it goes when the job is removed.</param>
[GenerateSerializer, Immutable]
[Alias("video.JobSpec")]
public sealed record JobSpec(
    [property: Id(0)] string Source,
    [property: Id(1)] string Name,
    [property: Id(2)] JobOptions Options,
    [property: Id(3)] bool Owned = false);
