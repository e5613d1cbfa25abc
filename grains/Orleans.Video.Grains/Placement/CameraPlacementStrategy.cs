using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Placement;

/// <summary>Place a camera where the camera planner runs it (its placement hint), else on the silo that woke it (<see cref="CameraPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable]
[Alias("video.CameraPlacementStrategy")]
public sealed class CameraPlacementStrategy : PlacementStrategy
{
    public static readonly CameraPlacementStrategy Instance = new();
}

/// <summary>Marks a grain class for <see cref="CameraPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CameraPlacementAttribute() : PlacementAttribute(CameraPlacementStrategy.Instance);
