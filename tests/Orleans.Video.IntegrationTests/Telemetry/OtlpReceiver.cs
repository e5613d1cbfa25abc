using System.Collections.Concurrent;
using System.Net;

namespace Orleans.Video.IntegrationTests.Telemetry;

/// <summary>
/// An OTLP/HTTP receiver on loopback (protobuf bodies POSTed to /v1/traces, /v1/logs, /v1/metrics) that keeps what it
/// gets and reads the spans out of trace exports: enough of the OTLP protobuf to tell which spans share a trace.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();

    public OtlpReceiver()
    {
        Port = Orleans.Video.TestSupport.LoopbackPorts.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Each export's body, by path ("/v1/traces", "/v1/logs").</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    /// <summary>One span: ids in hex, its name and kind (OTLP: 2 server, 3 client).</summary>
    public sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind);

    public List<Span> Spans() => [.. Exports.Where(e => e.Path == "/v1/traces").SelectMany(e => ReadSpans(e.Body))];

    public IEnumerable<byte[]> Logs() => Exports.Where(e => e.Path == "/v1/logs").Select(e => e.Body);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Exports.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest: 1 resource_spans { 2 scope_spans { 2 spans { 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind } } }
    private static IEnumerable<Span> ReadSpans(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from span in Messages(scope, 2)
        let fields = Fields(span).ToList()
        select new Span(
            Convert.ToHexStringLower(fields.First(f => f.Number == 1).Bytes),
            Convert.ToHexStringLower(fields.First(f => f.Number == 2).Bytes),
            fields.FirstOrDefault(f => f.Number == 4) is { Bytes.Length: > 0 } parent ? Convert.ToHexStringLower(parent.Bytes) : null,
            System.Text.Encoding.UTF8.GetString(fields.First(f => f.Number == 5).Bytes),
            (int)(fields.FirstOrDefault(f => f.Number == 6)?.Value ?? 0));

    private static IEnumerable<byte[]> Messages(byte[] message, int number) =>
        Fields(message).Where(f => f.Number == number).Select(f => f.Bytes);

    private sealed record Field(int Number, ulong Value, byte[] Bytes);

    /// <summary>The protobuf wire format's fields, in order: varints, fixed-size numbers, and length-delimited bytes.</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    yield return new Field(number, Varint(message, ref position), []);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message, position), []);
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, BitConverter.ToUInt32(message, position), []);
                    position += 4;
                    break;
                default:
                    throw new FormatException($"unexpected wire type {key & 7}");
            }
        }
    }

    private static ulong Varint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public void Dispose() => _listener.Close();
}
