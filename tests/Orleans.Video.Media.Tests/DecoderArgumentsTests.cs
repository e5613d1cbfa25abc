using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Video.TestSupport;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

public sealed class DecoderArgumentsTests
{
    [Fact]
    public void The_source_is_one_argument_after_its_confinement_and_the_frames_go_to_stdout()
    {
        var source = VideoSource.Parse("rtsp://admin:se cret\"@cam.example/s -f null x");
        var access = SourceAccess.Direct(source);

        var arguments = DecoderArguments.For(new DecoderRequest(source, 640, 384, false, false, TimeSpan.FromSeconds(20)), access);

        Assert.Equal(source.Location, arguments[arguments.IndexOf("-i") + 1]);
        Assert.Equal(new[] { "-protocol_whitelist", "rtsp,rtp,srtp,udp,tcp" }, arguments.SkipWhile(a => a != "-protocol_whitelist").Take(2));
        Assert.Equal(new[] { "-f", "rawvideo", "pipe:1" }, arguments.TakeLast(3));
    }

    [Fact]
    public void Logged_arguments_hide_the_source_s_credentials_and_the_proxy_token()
    {
        var source = VideoSource.Parse("http://viewer:s3cret@cam.example/live.m3u8");
        var access = SourceAccess.Direct(source) with { Arguments = ["-protocol_whitelist", "http", "-http_proxy", "http://0123abcd:x@127.0.0.1:41000/"] };

        var logged = DecoderArguments.ForLog(DecoderArguments.For(new DecoderRequest(source, 640, 384, false, false, TimeSpan.FromSeconds(20)), access));

        Assert.DoesNotContain("s3cret", logged);
        Assert.DoesNotContain("0123abcd", logged);
        Assert.Contains("-http_proxy http://***@127.0.0.1:41000/ ", logged);
        Assert.Contains("-i http://***@cam.example/live.m3u8 ", logged);
    }

    [Fact]
    public async Task The_decoder_s_start_line_in_the_log_has_no_password()
    {
        // A server that accepts and then says nothing: the probe passes and ffmpeg starts (and waits) for this source.
        using var server = new TcpListener(IPAddress.Loopback, LoopbackPorts.Free());
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var log = new CollectingLogger<VideoDecoder>();
        var decoder = new VideoDecoder(log);
        using var cancel = new CancellationTokenSource();
        var source = VideoSource.Parse($"tcp://viewer:s3cret@127.0.0.1:{port}");

        var run = decoder.RunAsync(new DecoderRequest(source, 640, 384, false, false, TimeSpan.FromSeconds(20)), new FrameBufferPool(), _ => { }, cancel.Token);
        // ffmpeg's connection (raw tcp:// sources are not probed first).
        using var ffmpeg = await server.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        await run;

        var started = Assert.Single(log.Messages, m => m.StartsWith("Starting ffmpeg", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", started);
        Assert.Contains($"tcp://***@127.0.0.1:{port}", started);
    }

    private sealed class CollectingLogger<T> : ILogger<T>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
