using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Video.TestSupport;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>What a camera whose source is down costs: a probe instead of an ffmpeg, retries spread out, starts paced.</summary>
public sealed class DeadSourceTests
{
    [Fact]
    public async Task A_refused_rtsp_source_fails_at_the_probe_without_starting_ffmpeg()
    {
        var port = ClosedPort();
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var request = new DecoderRequest(VideoSource.Parse($"rtsp://user:secret@127.0.0.1:{port}/cam"), 320, 240, Realtime: true, Loop: false,
            StallTimeout: TimeSpan.FromSeconds(5), Threads: 1, LowPriority: false);

        var exit = await decoder.RunAsync(request, new FrameBufferPool(), _ => { }, CancellationToken.None);

        Assert.Equal(DecoderExitKind.Failed, exit.Kind);
        // ffmpeg would say "Connection refused" too, but after the URL: this is the probe's wording.
        Assert.StartsWith($"cannot connect to 127.0.0.1:{port}:", exit.Error);
    }

    [Fact]
    public async Task A_listening_server_passes_the_probe_and_a_closed_port_does_not()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Null(await SourceProbe.CheckAsync(VideoSource.Parse($"rtsp://127.0.0.1:{open}/cam"), CancellationToken.None));
        Assert.Null(await SourceProbe.CheckAsync(VideoSource.Parse($"http://127.0.0.1:{open}/stream.mjpg"), CancellationToken.None));

        var closed = ClosedPort();
        Assert.NotNull(await SourceProbe.CheckAsync(VideoSource.Parse($"rtmp://127.0.0.1:{closed}/live/cam"), CancellationToken.None));
    }

    [Theory]
    [InlineData("rtsp://cam.example/live", "cam.example", 554)]
    [InlineData("rtsp://admin:pw@10.1.2.3:8554/ch1", "10.1.2.3", 8554)]
    [InlineData("rtsps://cam.example/live", "cam.example", 322)]
    [InlineData("https://cam.example/video.mjpg", "cam.example", 443)]
    [InlineData("rtsp://[::1]:8554/cam", "::1", 8554)]
    public void Connection_based_sources_are_probed_at_their_server(string source, string host, int port) =>
        Assert.Equal((host, port), SourceProbe.Endpoint(VideoSource.Parse(source)));

    [Theory]
    [InlineData("/media/clip.mp4")]
    [InlineData("udp://239.0.0.1:5000")]
    [InlineData("srt://cam.example:9000")]
    // A sender listening for one client would spend that connection on the probe.
    [InlineData("tcp://127.0.0.1:9000")]
    public void Sources_without_a_connection_to_try_are_not_probed(string source) =>
        Assert.Null(SourceProbe.Endpoint(VideoSource.Parse(source)));

    [Fact]
    public void Reconnect_delays_double_up_to_the_maximum_each_drawn_from_the_upper_half_of_its_step()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(7));
        double[] steps = [1, 2, 4, 8, 16, 30, 30, 30];
        var delays = steps.Select(_ => backoff.Next().TotalSeconds).ToArray();
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.InRange(delays[i], steps[i] / 2, steps[i]);
        }
        // Jitter: the three delays at the maximum are not all the same.
        Assert.True(delays[^3..].Distinct().Count() > 1, string.Join(", ", delays));

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Cameras_that_fail_together_do_not_retry_in_step()
    {
        var random = new Random(11);
        var cameras = Enumerable.Range(0, 50).Select(_ => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random)).ToArray();
        // After five failures each, the next retries of 50 cameras spread over seconds, not one instant.
        var fifth = cameras.Select(b => Enumerable.Range(0, 5).Sum(_ => b.Next().TotalSeconds)).ToArray();
        Assert.True(fifth.Max() - fifth.Min() > 3, $"retries between {fifth.Min():0.0} s and {fifth.Max():0.0} s");
    }

    [Fact]
    public async Task A_silo_starts_no_more_decoders_a_second_than_its_limit()
    {
        const int PerSecond = 10;
        var clock = new FakeTimeProvider();
        var starts = new DecoderStarts(PerSecond, clock);
        var waits = Enumerable.Range(0, 25).Select(_ => starts.WaitAsync(CancellationToken.None)).ToArray();
        int Started() => waits.Count(wait => wait.IsCompletedSuccessfully);

        // Up to the limit they are not held back: the cameras a failover brings to a silo start together.
        Assert.Equal(PerSecond, Started());
        // The rest wait for the window: nothing more until a whole second has passed since those were granted.
        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(PerSecond, Started());
        clock.Advance(TimeSpan.FromTicks(1));
        await Eventually.TrueAsync(() => Started() == 2 * PerSecond, TimeSpan.FromSeconds(10), () => $"{Started()} started after a second");
        // The last five, a second after that.
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(25, Started());
    }

    /// <summary>A loopback port nothing listens on: connecting is refused at once.</summary>
    private static int ClosedPort() => Orleans.Video.TestSupport.LoopbackPorts.Free();
}
