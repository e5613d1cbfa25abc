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

    /// <summary>For FFMpegCore's <c>CancellableThrough</c>.</summary>
    public CancellationToken Token => _quit.Token;

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

    public void Dispose()
    {
        _forward.Dispose();
        _quit.Dispose();
    }
}
