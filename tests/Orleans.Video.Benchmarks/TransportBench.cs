using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.BroadcastChannel;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --cluster transport</c>: the two ways Orleans offers to push a frame to one known consumer on another
/// silo, side by side. Two silos in this process on loopback; silo A sends a 640x360 frame (338 KiB of I420, the
/// product's <see cref="FramePacket"/>) 100 times a second (20 cameras at 5 fps) to a grain activated on silo B: as a
/// one-way grain call (what the camera grain does), the same call with the receiver keeping a new buffer per frame
/// (what it did before <see cref="FramePlanes.Release"/>), or through a broadcast channel to an implicitly subscribed
/// grain. Rounds alternate, with idle rounds between; the figures are the process's CPU (both silos) per frame above
/// idle, and what it allocated per frame with the gen2 collections that caused.
/// </summary>
public static class TransportBench
{
    public const string Channel = "bench-frames";
    private const string Key = "bench";
    private const double Rate = 100;

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var (rounds, window) = settings.Quick ? (2, TimeSpan.FromSeconds(10)) : (3, TimeSpan.FromSeconds(30));
        var primary = LoopbackPorts.Free();
        using var a = await StartSiloAsync(primary, primary);
        using var b = await StartSiloAsync(LoopbackPorts.Free(), primary);
        var siloB = b.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        // Both receivers are activated from silo B (they prefer the caller's silo), so every frame crosses.
        var grainsA = a.Services.GetRequiredService<IGrainFactory>();
        var grainsB = b.Services.GetRequiredService<IGrainFactory>();
        var callSink = grainsB.GetGrain<IFrameSinkGrain>(Key);
        var channelSink = grainsB.GetGrain<IChannelSinkGrain>(Key);
        var hosts = new[] { await callSink.HostAsync(), await channelSink.HostAsync() };
        if (hosts.Any(host => host != siloB.ToString()))
        {
            throw new InvalidOperationException($"the receivers are not on silo B ({siloB}): {string.Join(", ", hosts)}");
        }
        var sender = grainsA.GetGrain<IFrameSinkGrain>(Key);
        var writer = a.Services.GetRequiredService<IClusterClient>().GetBroadcastChannelProvider(Channel)
            .GetChannelWriter<FramePacket>(ChannelId.Create(Channel, Key));

        var letterbox = Letterbox.Fit(640, 360, 640, 384);
        var planes = new byte[letterbox.ContentWidth * letterbox.ContentHeight * 3 / 2];
        Random.Shared.NextBytes(planes);
        long sequence = 0;
        FramePacket Next() => new()
        {
            CameraId = Key, Sequence = ++sequence, Timestamp = DateTimeOffset.UtcNow, Model = "shapes", Letterbox = letterbox, Planes = new FramePlanes(planes),
        };

        // Warm-up: both paths compiled and connected before anything is measured.
        await SendAsync(() => sender.AnalyseAsync(Next()), TimeSpan.FromSeconds(5));
        await SendAsync(() => sender.AnalyseKeepingAsync(Next()), TimeSpan.FromSeconds(2));
        await SendAsync(() => writer.Publish(Next()), TimeSpan.FromSeconds(5));

        var rows = new List<(string Name, Measured Measured, long Received)>();
        var idleMsPerSecond = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            Bench.Log($"transport round {round}/{rounds}");
            idleMsPerSecond.Add((await MeasureAsync(() => Task.CompletedTask, window)).CpuMs / window.TotalSeconds);
            foreach (var (name, send, received) in new (string, Func<Task>, Func<Task<long>>)[]
            {
                ("one-way call, [Immutable], pooled receive buffer (the product)", () => sender.AnalyseAsync(Next()), callSink.ReceivedAsync),
                ("one-way call, [Immutable], a new buffer per frame", () => sender.AnalyseKeepingAsync(Next()), callSink.ReceivedAsync),
                ("broadcast channel, implicit subscriber, pooled receive buffer", () => writer.Publish(Next()), channelSink.ReceivedAsync),
            })
            {
                var before = await received();
                var measured = await MeasureAsync(send, window);
                await Task.Delay(TimeSpan.FromSeconds(1));
                rows.Add((name, measured, await received() - before));
            }
        }
        var idle = idleMsPerSecond.Average();
        double PerFrame((string Name, Measured Measured, long Received) row) => (row.Measured.CpuMs - idle * window.TotalSeconds) / row.Measured.Sent;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Frame transport: 2 silos in one process on loopback, a 640x360 frame (338 KiB) {Rate:0} times a second from silo A to a grain on silo B, {rounds} rounds of {window.TotalSeconds:0} s each, alternating; CPU of the process (both silos) per frame above idle ({idle:0} ms a second).");
        text.AppendLine();
        text.AppendLine("| transport | round | frames sent | received | CPU ms per frame above idle | KiB allocated per frame | gen2 collections |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var perTransport = rows.GroupBy(r => r.Name).ToList();
        foreach (var group in perTransport)
        {
            foreach (var (row, k) in group.Select((r, k) => (r, k + 1)))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Name} | {k} | {row.Measured.Sent} | {row.Received} | {PerFrame(row):0.00} | {row.Measured.AllocatedBytes / 1024.0 / row.Measured.Sent:0} | {row.Measured.Gen2Collections} |");
            }
        }
        text.AppendLine();
        var means = perTransport.Select(g => (g.Key, Mean: g.Average(PerFrame))).ToList();
        text.AppendLine(string.Join("; ", means.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}: {m.Mean:0.00} ms"))) + ".");
        text.AppendLine();
        // B first: A is the primary silo that development clustering keeps the membership on.
        await b.StopAsync(TimeSpan.FromSeconds(5));
        await a.StopAsync(TimeSpan.FromSeconds(5));
        return text.ToString();
    }

    private readonly record struct Measured(double CpuMs, long Sent, long AllocatedBytes, int Gen2Collections);

    /// <summary>Sends at <see cref="Rate"/> for the window: the process's CPU over it (ms), how many were sent, what was allocated and collected.</summary>
    private static async Task<Measured> MeasureAsync(Func<Task> send, TimeSpan window)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var (cpu, allocated, gen2) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
        var sent = await SendAsync(send, window);
        process.Refresh();
        return new((process.TotalProcessorTime - cpu).TotalMilliseconds, sent, GC.GetTotalAllocatedBytes() - allocated, GC.CollectionCount(2) - gen2);
    }

    private static async Task<long> SendAsync(Func<Task> send, TimeSpan window)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Rate));
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed < window && await timer.WaitForNextTickAsync())
        {
            await send();
            sent++;
        }
        return sent;
    }

    private static async Task<IHost> StartSiloAsync(int siloPort, int primaryPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, LoopbackPorts.Free(), new IPEndPoint(IPAddress.Loopback, primaryPort), "transport-bench", "transport-bench");
            // Fire and forget, as the one-way call: the writer does not wait for the subscriber.
            silo.AddBroadcastChannel(Channel, options => options.FireAndForgetDelivery = true);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

/// <summary>The one-way call's receiver: counts what arrives, as the inference grain takes a frame.</summary>
[Alias("bench.IFrameSinkGrain")]
public interface IFrameSinkGrain : IGrainWithStringKey
{
    [OneWay]
    [Alias("Analyse")]
    Task AnalyseAsync(FramePacket frame);

    /// <summary>As before frames had a pooled receive buffer: the received buffer is left to the garbage collector.</summary>
    [OneWay]
    [Alias("AnalyseKeeping")]
    Task AnalyseKeepingAsync(FramePacket frame);

    [Alias("Received")]
    Task<long> ReceivedAsync();

    [Alias("Host")]
    Task<string> HostAsync();
}

[Alias("bench.IChannelSinkGrain")]
public interface IChannelSinkGrain : IGrainWithStringKey
{
    [Alias("Received")]
    Task<long> ReceivedAsync();

    [Alias("Host")]
    Task<string> HostAsync();
}

[PreferLocalPlacement]
public sealed class FrameSinkGrain(ILocalSiloDetails silo) : Grain, IFrameSinkGrain
{
    private long _received;

    public Task AnalyseAsync(FramePacket frame)
    {
        _received++;
        frame.Planes.Release();
        return Task.CompletedTask;
    }

    public Task AnalyseKeepingAsync(FramePacket frame)
    {
        _received++;
        return Task.CompletedTask;
    }

    public Task<long> ReceivedAsync() => Task.FromResult(_received);

    public Task<string> HostAsync() => Task.FromResult(silo.SiloAddress.ToString());
}

/// <summary>The broadcast channel's receiver: subscribed implicitly, by the channel's namespace.</summary>
[ImplicitChannelSubscription(TransportBench.Channel)]
[PreferLocalPlacement]
public sealed class ChannelSinkGrain(ILocalSiloDetails silo) : Grain, IChannelSinkGrain, IOnBroadcastChannelSubscribed
{
    private long _received;

    public Task OnSubscribed(IBroadcastChannelSubscription subscription) =>
        subscription.Attach<FramePacket>(frame =>
        {
            _received++;
            frame.Planes.Release();
            return Task.CompletedTask;
        });

    public Task<long> ReceivedAsync() => Task.FromResult(_received);

    public Task<string> HostAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
