using System.Net;
using System.Net.Sockets;

namespace Orleans.Video.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers the tests and the benchmark start.</summary>
/// <remarks>
/// Ports come from below the kernel's ephemeral range. A port the OS hands out for a listener on port 0 lies inside
/// that range, so between the moment it is found free and the moment a child process binds it, any outgoing
/// connection (a silo's own connections to PostgreSQL, ffmpeg's to a test server) may take it as its local port; CI
/// saw a silo fail to start with "address already in use" that way. Below the range only another listener can
/// take a port, and the bind check here skips those.
/// </remarks>
public static class LoopbackPorts
{
    private const int LowestPort = 20_000;
    private static readonly int s_ephemeralStart = ReadEphemeralStart();

    // A random start per process keeps two test processes running at once apart.
    private static int s_next = Random.Shared.Next(Math.Max(1, s_ephemeralStart - LowestPort));

    /// <summary>A port free now, outside the range outgoing connections are given.</summary>
    public static int Free()
    {
        var span = s_ephemeralStart - LowestPort;
        if (span < 1_000)
        {
            return FromKernel();
        }
        for (var attempt = 0; attempt < span; attempt++)
        {
            var port = LowestPort + (int)((uint)Interlocked.Increment(ref s_next) % (uint)span);
            if (CanBind(port))
            {
                return port;
            }
        }
        return FromKernel();
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FromKernel()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of /proc/sys/net/ipv4/ip_local_port_range (32768 on Linux by default).</summary>
    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
