namespace Orleans.Video.Client;

/// <summary>A page of cameras in id order; <see cref="Next"/> (the last id) continues it, null at the end.</summary>
public sealed record CameraPage(IReadOnlyList<CameraStatus> Items, string? Next);
