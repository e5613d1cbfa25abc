using System.Diagnostics;
using FFMpegCore;

namespace Orleans.Video.Media;

/// <summary>
/// The token an ffmpeg run is stopped through. FFMpegCore stops ffmpeg from a cancellation callback by writing "q" to
/// its stdin, which throws when ffmpeg has just exited (broken pipe). Cancelled directly, that exception would come
/// out of whoever cancelled: a camera's stop, or the watchdog's timer thread. So ffmpeg gets a token of its own,
/// cancelled here, where that is caught.
/// </summary>
internal sealed class FfmpegQuit : IDisposable
{
    private readonly CancellationTokenSource _quit = new();
    private readonly CancellationTokenRegistration _forward;

    /// <param name="stop">When this is cancelled, ffmpeg is asked to quit.</param>
    public FfmpegQuit(CancellationToken stop) => _forward = stop.Register(Quit);

    /// <summary>
    /// Hands <paramref name="processor"/> this token (FFMpegCore's <c>CancellableThrough</c>). False when the stop came
    /// before: FFMpegCore refuses a cancelled token by throwing, and the caller must start nothing.
    /// </summary>
    public bool TryAttach(FFMpegArgumentProcessor processor, TimeSpan grace)
    {
        try
        {
            processor.CancellableThrough(_quit.Token, grace);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Asks ffmpeg to quit now (it was refused, say), whatever <c>stop</c> says.</summary>
    public void Quit()
    {
        try
        {
            _quit.Cancel();
        }
        catch (AggregateException)
        {
            // ffmpeg was already gone: there was nothing left to stop.
        }
    }

    /// <summary>
    /// FFMpegCore can return from a cancelled run while ffmpeg is still quitting: finishing its last recording segment
    /// and writing its list. Whoever reads that list next must find it complete, and a camera's next ffmpeg must not
    /// overlap this one, so wait for the process (found by <paramref name="marker"/> on its command line), and kill
    /// it after <paramref name="grace"/>.
    /// </summary>
    public static async Task WaitForExitAsync(string marker, TimeSpan grace)
    {
        using var process = DecoderPriority.FindByCommandLine(marker);
        if (process is null)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Exited between finding and waiting.
        }
    }

    public void Dispose()
    {
        _forward.Dispose();
        _quit.Dispose();
    }
}
