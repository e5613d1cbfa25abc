using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orleans.Video.Cli.Output;

/// <summary>
/// A Spectre table with one row per camera, redrawn a few times a second from the newest frame of each, so a
/// fast camera updates its row instead of scrolling the screen.
/// </summary>
internal sealed class LiveFrameTable(IReadOnlyList<string> cameras, DateTimeOffset? stopsAt) : IFrameView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Row> _rows = cameras.ToDictionary(c => c, _ => new Row(0, null), StringComparer.Ordinal);

    public void Add(FrameDetections frame)
    {
        lock (_lock)
        {
            var row = _rows.GetValueOrDefault(frame.CameraId, new Row(0, null));
            _rows[frame.CameraId] = new Row(row.Frames + 1, frame);
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async live =>
        {
            while (!stop.IsCancellationRequested)
            {
                live.UpdateTarget(Render());
                try
                {
                    await Task.Delay(Refresh, stop);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or --duration: draw the final state below.
                }
            }
            live.UpdateTarget(Render());
        });
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns(new TableColumn("Camera"), CameraWidgets.Number("Frames"), new TableColumn("Last frame (UTC)"),
                CameraWidgets.Number("Latency"), CameraWidgets.Number("Objects"), new TableColumn("Detections"));
        lock (_lock)
        {
            foreach (var (camera, row) in _rows.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var last = row.Last;
                table.AddRow(
                    new Text(camera, new Style(decoration: Decoration.Bold)), new Text(row.Frames.ToString()),
                    new Text(last is null ? "waiting…" : TextFormat.Time(last.Timestamp)),
                    new Text(last is null ? "" : $"{last.LatencyMs:0} ms"),
                    new Text(last is null ? "" : last.Detections.Count.ToString()),
                    new Text(last is null ? "" : TextFormat.Detections(last.Detections)));
            }
        }
        var ending = stopsAt is { } at ? $"stops in {Math.Max(0, (at - DateTimeOffset.UtcNow).TotalSeconds):0} s or on Ctrl-C" : "Ctrl-C to stop";
        return table.Caption(ending, new Style(Color.Grey));
    }

    private sealed record Row(long Frames, FrameDetections? Last);
}
