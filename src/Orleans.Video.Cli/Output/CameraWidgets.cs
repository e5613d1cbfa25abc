using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orleans.Video.Cli.Output;

/// <summary>Cameras drawn for a terminal, and the field list that the plain form of <c>camera status</c> shares.</summary>
internal static class CameraWidgets
{
    public static Table Table(IEnumerable<CameraStatus> cameras)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns(new TableColumn("Camera"), new TableColumn("State"), new TableColumn("Model"), Number("FPS"), Number("Decoded"),
                Number("Processed"), Number("Dropped"), Number("Reconnects"), new TableColumn("Host"), new TableColumn("Last error"));
        foreach (var c in cameras)
        {
            table.AddRow(
                new Text(c.Id, new Style(decoration: Decoration.Bold)), State(c.State), new Text(c.Model ?? "-"),
                new Text(c.IsConfigured ? TextFormat.Number(c.Fps) : "-"),
                new Text(c.FramesDecoded.ToString()), new Text(c.FramesProcessed.ToString()),
                new Text(c.FramesDropped.ToString()), new Text(c.Reconnects.ToString()),
                new Text(c.Host ?? "-"), new Text(c.LastError is { } error ? TextFormat.OneLine(error) : "", new Style(Color.Red)));
        }
        return table;
    }

    public static Table Details(CameraStatus status, CameraConfig? config)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("Field", "Value");
        foreach (var (name, value) in Fields(status, config))
        {
            table.AddRow(new Text(name, new Style(Color.Grey)), name == "state" ? State(status.State) : new Text(value));
        }
        return table;
    }

    /// <param name="config">The camera's whole configuration; null when it has none (removed meanwhile).</param>
    public static IEnumerable<(string Name, string Value)> Fields(CameraStatus s, CameraConfig? config)
    {
        yield return ("id", s.Id);
        yield return ("state", s.State.ToString());
        yield return ("source", config?.Source ?? "-");
        yield return ("model", config?.Model ?? "-");
        yield return ("fps", config is not null ? TextFormat.Number(config.Fps) : "-");
        yield return ("loop", config is not null ? (config.Loop ? "yes" : "no") : "-");
        yield return ("zones", config is not null ? TextFormat.Zones(config.ZoneList) : "-");
        yield return ("filter", TextFormat.Filter(config?.Filter));
        yield return ("host", s.Host ?? "-");
        yield return ("inference", s.InferenceHost is null ? "-" : s.InferenceHost == s.Host ? "same silo" : s.InferenceHost);
        yield return ("to inference", s.FrameBytesPerSecond > 0 ? $"{s.FrameBytesPerSecond * 8 / 1e6:0.0} Mbit/s" : "-");
        yield return ("size", s.SourceWidth > 0 ? $"{s.SourceWidth}x{s.SourceHeight}" : "-");
        yield return ("decoded", s.FramesDecoded.ToString());
        yield return ("published", s.FramesPublished.ToString());
        yield return ("processed", s.FramesProcessed.ToString());
        yield return ("dropped", s.FramesDropped.ToString());
        yield return ("reconnects", s.Reconnects.ToString());
        yield return ("tracking", s.TrackedObjects.ToString());
        yield return ("last frame", TextFormat.Time(s.LastFrameAt));
        yield return ("last error", s.LastError is { } error ? TextFormat.OneLine(error) : "-");
    }

    public static TableColumn Number(string header) => new TableColumn(header).RightAligned();

    private static IRenderable State(CameraState state) => new Text(state.ToString(), new Style(state switch
    {
        CameraState.Running => Color.Green,
        CameraState.Starting or CameraState.Reconnecting => Color.Yellow,
        CameraState.Failed => Color.Red,
        _ => Color.Grey,
    }));
}
