namespace Orleans.Video;

/// <summary>
/// What one silo says about itself every few seconds (<see cref="ISiloReportsGrain"/>): its load, its models, its
/// media volume. Machine figures are the machine's (or container's) as the silo sees them: ffmpeg's decoders count.
/// </summary>
/// <param name="Silo">Its address, in the form a camera's <c>host</c> names it (<c>SiloAddress.ToString()</c>).</param>
/// <param name="CpuPercent">The machine's CPU busy, 0–100, over the last interval; null where the silo cannot tell (not Linux).</param>
/// <param name="Cores">Cores the silo may use.</param>
/// <param name="MemoryBytes">The silo process's resident memory.</param>
/// <param name="TotalMemoryBytes">What the machine (or the container's limit) lets the silo use.</param>
/// <param name="Gpu">Whether it advertises a GPU (<c>gpu=true</c> silo metadata): inference prefers it.</param>
/// <param name="StorageAvailableBytes">Free space on its media volume; null without recording storage.</param>
[GenerateSerializer, Immutable]
[Alias("video.SiloReport")]
public sealed record SiloReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] double? CpuPercent,
    [property: Id(4)] int Cores,
    [property: Id(5)] long MemoryBytes,
    [property: Id(6)] long TotalMemoryBytes,
    [property: Id(7)] bool Gpu,
    [property: Id(8)] IReadOnlyList<ModelLoad> Models,
    [property: Id(9)] long? StorageAvailableBytes,
    [property: Id(10)] long? StorageCapacityBytes);

/// <summary>A model on one silo: loaded or why not, what runs it (CUDA, CPU, OpenCV), frames waiting, frames done.</summary>
[GenerateSerializer, Immutable]
[Alias("video.ModelLoad")]
public sealed record ModelLoad(
    [property: Id(0)] string Model,
    [property: Id(1)] bool Loaded,
    [property: Id(2)] string? Provider,
    [property: Id(3)] string? Error,
    [property: Id(4)] int QueueLength,
    [property: Id(5)] long Frames,
    [property: Id(6)] string? CudaUnavailable);
