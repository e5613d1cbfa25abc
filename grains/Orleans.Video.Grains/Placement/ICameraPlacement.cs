using Orleans.Concurrency;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Placement;

/// <summary>The camera registry as placement asks it where a camera goes (<see cref="CameraPlacementDirector"/>). Silos only.</summary>
[Alias("video.ICameraPlacement")]
public interface ICameraPlacement : IGrainWithStringKey
{
    /// <summary>
    /// The active silo for <paramref name="cameraId"/>, counted as its host from now on; null when no silo is active.
    /// Interleaves: the registry's own calls activate cameras. During a cold start it answers once the silos have joined.
    /// </summary>
    [AlwaysInterleave]
    [Alias("Place")]
    Task<SiloAddress?> PlaceAsync(string cameraId);
}
