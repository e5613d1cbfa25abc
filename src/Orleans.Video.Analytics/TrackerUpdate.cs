namespace Orleans.Video.Analytics;

/// <summary>What one analysed frame did to the tracks.</summary>
/// <param name="Seen">Confirmed tracks detected in this frame (including those confirmed by it).</param>
/// <param name="Lost">Confirmed tracks given up in this frame: the object left.</param>
public sealed record TrackerUpdate(IReadOnlyList<Track> Seen, IReadOnlyList<Track> Lost);
