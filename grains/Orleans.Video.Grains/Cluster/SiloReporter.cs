using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// Tells <see cref="ISiloReportsGrain"/> every <see cref="Interval"/> how this silo is doing: the machine's CPU (from
/// /proc/stat, so ffmpeg's decoders count), the silo's memory, its models' load and its media volume. A one-way call a
/// few seconds apart: nothing waits for it, and a lost one is followed by the next.
/// </summary>
public sealed partial class SiloReporter(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IInferenceEngine inference,
    GpuSilos gpus,
    IOptions<MediaStorageOptions> storage,
    TimeProvider clock,
    ILogger<SiloReporter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly MachineCpu _cpu = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReporter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    await grains.GetGrain<ISiloReportsGrain>(ISiloReportsGrain.Key).ReportAsync(Report());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next interval tries again; the System view shows this silo's report as missing meanwhile.
                    LogNotReported(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(_stopping.Token));
        }
        catch (OperationCanceledException)
        {
            // The silo stops.
        }
    }

    private SiloReport Report()
    {
        var (available, capacity) = Volume(storage.Value);
        var models = inference.GetStatus()
            .Select(m => new ModelLoad(m.Model, m.Loaded, m.Provider, m.Error, m.QueueLength, m.Frames, m.CudaUnavailable))
            .ToArray();
        return new SiloReport(
            silo.SiloAddress.ToString(), silo.Name, clock.GetUtcNow(), _cpu.Sample(), Environment.ProcessorCount,
            Environment.WorkingSet, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, gpus.IsGpuSilo(silo.SiloAddress), models,
            available, capacity);
    }

    private static (long? Available, long? Capacity) Volume(MediaStorageOptions options)
    {
        if (!options.Enabled || string.IsNullOrEmpty(options.Root))
        {
            return (null, null);
        }
        try
        {
            var drive = new DriveInfo(options.Root);
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "This silo's report did not reach the cluster: {Reason}")]
    private partial void LogNotReported(string reason);
}
