using System.Globalization;

namespace Orleans.Video.Client;

/// <summary>
/// Where a silo's HTTP API serves a camera's recordings: playlists and clips are HTTP downloads (any silo serves
/// them, from the shared media storage), so the SDK gives their URLs. Requests need the API key (<c>X-Api-Key</c>).
/// </summary>
public static class RecordingUrls
{
    /// <summary>An HLS playlist of [from, to) for a player (hls.js, ffmpeg, VLC).</summary>
    public static Uri Playlist(Uri api, string cameraId, DateTimeOffset from, DateTimeOffset to) =>
        new(api, $"api/cameras/{Uri.EscapeDataString(cameraId)}/vod.m3u8?{Range(from, to)}");

    /// <summary>[from, to) as one MP4, made by stream copy while it downloads.</summary>
    public static Uri Clip(Uri api, string cameraId, DateTimeOffset from, DateTimeOffset to) =>
        new(api, $"api/cameras/{Uri.EscapeDataString(cameraId)}/clip.mp4?{Range(from, to)}");

    /// <summary>An event's clip, padded as the camera's recording settings say.</summary>
    public static Uri EventClip(Uri api, string cameraId, string eventId) =>
        new(api, $"api/cameras/{Uri.EscapeDataString(cameraId)}/events/{Uri.EscapeDataString(eventId)}/clip.mp4");

    private static string Range(DateTimeOffset from, DateTimeOffset to) =>
        $"from={Iso(from)}&to={Iso(to)}";

    private static string Iso(DateTimeOffset time) =>
        Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
}
