namespace Orleans.Video.Cli.Output;

/// <summary>One line per frame (or one JSON object per line with <c>--json</c>), for pipes and files.</summary>
internal sealed class FrameLines(Terminal terminal) : IFrameView
{
    public void Add(FrameDetections frame)
    {
        if (terminal.Json)
        {
            terminal.WriteJson(FrameJson.From(frame), indented: false);
        }
        else
        {
            terminal.Line($"{TextFormat.Time(frame.Timestamp)}  {frame.CameraId}  seq={frame.Sequence}  " +
                          $"latency={frame.LatencyMs:0}ms  {TextFormat.Detections(frame.Detections)}");
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or --duration: the normal end of a watch.
        }
    }
}
