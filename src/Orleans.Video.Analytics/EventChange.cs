namespace Orleans.Video.Analytics;

/// <summary>An event that started, ended or got a better frame.</summary>
/// <param name="BestFrame">This frame is now the event's best: its snapshot should be taken from it.</param>
public sealed record EventChange(VideoEvent Event, bool BestFrame);
