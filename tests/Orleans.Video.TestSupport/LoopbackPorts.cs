using System.Net;
using System.Net.Sockets;

namespace Orleans.Video.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for servers the tests and the benchmark start.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the OS just handed out; free unless another process takes it before it is bound again.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
