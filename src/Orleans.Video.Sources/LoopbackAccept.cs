using System.Net.Sockets;

namespace Orleans.Video.Sources;

/// <summary>The accept loop of the silo's loopback helpers (<see cref="SourceProxy"/>, <see cref="RtspRelay"/>): each connection served on its own task.</summary>
internal static class LoopbackAccept
{
    /// <summary>Accepts until <paramref name="stop"/> is cancelled or the listener is stopped.</summary>
    public static async Task RunAsync(TcpListener listener, Func<Socket, Task> serve, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => serve(client));
        }
    }
}
