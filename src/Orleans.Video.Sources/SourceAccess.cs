namespace Orleans.Video.Sources;

/// <summary>
/// How ffmpeg opens a source this time: the location to give it (the host replaced by the address the policy
/// checked, where the protocol allows), the input options that confine it (the protocols this kind of source may use;
/// for HTTP, the silo's policy proxy; for RTSP, its relay), or why the source is refused now. The options are ffmpeg
/// arguments one by one, never a string for a command line.
/// </summary>
/// <param name="ProxyToken">The run's token at the silo's <see cref="SourceProxy"/>, if it goes through it.</param>
/// <param name="RelayToken">The run's token at the silo's <see cref="RtspRelay"/>, if it goes through it.</param>
/// <param name="ProbeLocation">
/// Where <see cref="SourceProbe"/> checks that the server is up, when that is not <paramref name="Location"/>: a relayed
/// source's camera at its checked address (the relay itself always answers).
/// </param>
public sealed record SourceAccess(
    string Location, IReadOnlyList<string> Arguments, string? Refusal = null, string? ProxyToken = null, string? RelayToken = null,
    string? ProbeLocation = null)
{
    /// <summary>The protocols ffmpeg may use for a source it reaches through the RTSP relay: plain RTSP, interleaved over TCP.</summary>
    public const string RelayedProtocols = "rtsp,rtp,tcp";

    /// <summary>The protocols ffmpeg may open for a source of each scheme: nothing a source can name reaches further.</summary>
    public static string ProtocolWhitelist(string scheme) => scheme switch
    {
        "file" => "file,crypto",
        "rtsp" => "rtsp,rtp,srtp,udp,tcp",
        "rtsps" => "rtsps,rtsp,rtp,srtp,udp,tcp,tls",
        "rtmp" => "rtmp,tcp",
        "rtmps" => "rtmps,rtmp,tcp,tls",
        // HTTP and HLS: playlists, segments and their keys, over the policy proxy when there is one.
        "http" or "https" => "http,https,tls,tcp,crypto,httpproxy",
        "tcp" => "tcp",
        "udp" => "udp",
        _ => scheme,
    };

    /// <summary>The source as it is, confined to its protocols: for silos whose policy allows every address.</summary>
    public static SourceAccess Direct(VideoSource source) => new(source.Location, ["-protocol_whitelist", ProtocolWhitelist(source.Scheme)]);

    public static SourceAccess Refused(VideoSource source, string refusal) => new(source.Location, [], refusal);
}
