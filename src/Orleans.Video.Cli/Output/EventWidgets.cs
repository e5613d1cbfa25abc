using Spectre.Console;

namespace Orleans.Video.Cli.Output;

/// <summary>Events drawn for a terminal.</summary>
internal static class EventWidgets
{
    public static Table Table(IEnumerable<VideoEvent> events, string caption)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns(
            new TableColumn("Id"), new TableColumn("Camera"), new TableColumn("Kind"), new TableColumn("Label"), CameraWidgets.Number("Track"),
            new TableColumn("Zone"), new TableColumn("Start (UTC)"), new TableColumn("End (UTC)"), CameraWidgets.Number("Score"));
        foreach (var e in events)
        {
            table.AddRow(
                new Text(e.Id), new Text(e.CameraId, new Style(decoration: Decoration.Bold)), new Text(TextFormat.Kind(e.Kind)),
                new Text(e.Label), new Text($"#{e.ShownTrackNumber}"), new Text(e.Zone ?? "-"), new Text(TextFormat.Time(e.Start)),
                e.End is { } end ? new Text(TextFormat.Time(end)) : new Text("ongoing", new Style(Color.Green)),
                new Text(TextFormat.Score(e.BestScore)));
        }
        return table.Caption(Markup.Escape(caption), new Style(Color.Grey));
    }

    /// <summary>One event update as a coloured terminal line: what changed, then the event.</summary>
    public static string UpdateMarkup(string change, VideoEvent e) =>
        $"[{ChangeColor(change)}]{change,-6}[/] {Markup.Escape(TextFormat.EventLine(e))}";

    private static string ChangeColor(string change) => change switch
    {
        "start" => "green",
        "end" => "grey",
        _ => "yellow",
    };
}
