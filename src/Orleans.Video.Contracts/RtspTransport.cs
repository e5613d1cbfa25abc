namespace Orleans.Video;

/// <summary>How ffmpeg carries an <c>rtsp://</c> source's media.</summary>
public enum RtspTransport
{
    /// <summary>Interleaved TCP first; UDP when the server refuses TCP.</summary>
    Auto,

    /// <summary>Interleaved in the RTSP connection: survives NAT and loss, the usual choice.</summary>
    Tcp,

    /// <summary>Separate UDP ports: for servers that offer nothing else.</summary>
    Udp,
}
