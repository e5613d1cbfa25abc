using Orleans.Video.TestSupport;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests.Live;

/// <summary>A test's viewer of /api/cameras/{id}/video: what a browser's page does, minus the playing.</summary>
public sealed class LiveVideoSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    private LiveVideoSocket()
    {
    }

    /// <summary>The text messages (init, status) in the order they came.</summary>
    public List<JsonElement> Messages { get; } = [];

    /// <summary>The binary messages' MP4 bytes, each with the time the camera's silo read it.</summary>
    public List<(DateTimeOffset ReadAt, byte[] Data)> Segments { get; } = [];

    public static async Task<LiveVideoSocket> ConnectAsync(string baseUrl, string cameraId, string? origin = null)
    {
        var viewer = new LiveVideoSocket();
        viewer._socket.Options.SetRequestHeader("X-Api-Key", SiloProcess.ApiKey);
        if (origin is not null)
        {
            viewer._socket.Options.SetRequestHeader("Origin", origin);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await viewer._socket.ConnectAsync(new Uri($"{baseUrl.Replace("http://", "ws://")}/api/cameras/{cameraId}/video"), timeout.Token);
        return viewer;
    }

    /// <summary>Reads messages until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task ReadUntilAsync(Func<LiveVideoSocket, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            while (!done(this))
            {
                WebSocketReceiveResult received;
                buffer.SetLength(0);
                do
                {
                    received = await _socket.ReceiveAsync(chunk, deadline.Token);
                    buffer.Write(chunk, 0, received.Count);
                }
                while (!received.EndOfMessage);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new Xunit.Sdk.XunitException($"the silo closed live video before {what}: {_socket.CloseStatusDescription}");
                }
                var message = buffer.ToArray();
                if (received.MessageType == WebSocketMessageType.Text)
                {
                    Messages.Add(JsonDocument.Parse(Encoding.UTF8.GetString(message)).RootElement.Clone());
                }
                else
                {
                    var readAt = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadDoubleBigEndian(message));
                    Segments.Add((readAt, message[8..]));
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no {what} within {timeout.TotalSeconds} s; messages: {string.Join(", ", Messages)}; segments: {Segments.Count}");
        }
    }

    public int Inits => Messages.Count(m => m.GetProperty("type").GetString() == "init");

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", grace.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The silo went first.
            }
        }
        _socket.Dispose();
    }
}
