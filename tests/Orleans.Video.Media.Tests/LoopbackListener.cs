using System.Net;
using System.Net.Sockets;

namespace Orleans.Video.Media.Tests;

/// <summary>A TCP server on a loopback address that hands each connection to a handler and counts them; stopped on dispose.</summary>
internal sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public LoopbackListener(string address, Func<Socket, CancellationToken, Task> serve)
    {
        _listener = new TcpListener(IPAddress.Parse(address), 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
                Interlocked.Increment(ref _connections);
                _ = Task.Run(async () =>
                {
                    using (socket)
                    {
                        try
                        {
                            await serve(socket, _stop.Token);
                        }
                        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                                     or System.Security.Authentication.AuthenticationException)
                        {
                            // The client went away (or refused the handshake): what the test checks is counted elsewhere.
                        }
                    }
                });
            }
        });
    }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
