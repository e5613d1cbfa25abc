using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// Drops the days of detections older than <see cref="DetectionStorageOptions.MaxAge"/>, at start and hourly, on
/// every silo: dropping a day's partition is one cheap statement however many frames it held, and a day already
/// dropped by another silo is simply not there any more.
/// </summary>
public sealed partial class DetectionRetention(
    DetectionStore store, IOptions<DetectionStorageOptions> options, TimeProvider clock, ILogger<DetectionRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            if (options.Value.MaxAge <= TimeSpan.Zero)
            {
                continue;
            }
            try
            {
                if (await store.DropDaysBeforeAsync(clock.GetUtcNow() - options.Value.MaxAge, stoppingToken) is > 0 and var dropped)
                {
                    LogDropped(logger, dropped, options.Value.MaxAge);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next hour tries again; old detections cost disk, not correctness.
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Detection retention: dropped {Days} days older than {MaxAge}")]
    private static partial void LogDropped(ILogger logger, int days, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Detection retention failed, tried again in an hour: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
