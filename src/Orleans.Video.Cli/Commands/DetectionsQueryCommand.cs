using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Orleans.Video.Client;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>detections query [camera] [--from] [--to] [--label] [--limit] [--all] [--json]</c>: stored detections of one
/// camera, or of every camera without one, newest first; <c>--all</c> follows the paging cursor to the end.
/// </summary>
internal static class DetectionsQueryCommand
{
    public const int DefaultLimit = 100;

    public static Command Create(ConnectionOptions connection)
    {
        var camera = new Argument<string?>("camera") { Description = "Camera id (default: every camera, registered or since removed)", Arity = ArgumentArity.ZeroOrOne };
        var from = TimeOption.Create("--from", "Oldest frame time to include");
        var to = TimeOption.Create("--to", "Frame time to stop before (default: now)");
        var label = new Option<string?>("--label", "-l") { Description = "Only detections with this label (case-insensitive)" };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = $"Detections per page, 1..{DetectionQuery.MaxLimit}; without --all, the most to show",
            DefaultValueFactory = _ => DefaultLimit,
        };
        var all = new Option<bool>("--all") { Description = "Follow the paging cursor and return every match, not only the first page" };
        var json = CommonOptions.Json();

        var command = new Command("query", "Stored detections of one camera or of every camera, newest first") { camera, from, to, label, limit, all, json };
        command.SetClusterAction(connection, json, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetValue(camera) is { Length: > 0 } named ? named : null;
            var query = new DetectionQuery(context.Parse.GetValue(from), context.Parse.GetValue(to), context.Parse.GetValue(label), context.Parse.GetValue(limit));
            var followAll = context.Parse.GetValue(all);
            var (items, more) = await context.Terminal.WithSpinnerAsync(
                id is null ? "Querying detections of every camera…" : $"Querying detections of {id}…", () => QueryAsync(context.Video, id, query, followAll, cancellationToken));
            Write(context.Terminal, items, more ? $"more detections than --limit {query.Limit}: pass --all for every page" : null);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<(List<DetectionRecord> Items, bool More)> QueryAsync(
        VideoClient video, string? camera, DetectionQuery query, bool all, CancellationToken cancellationToken)
    {
        Task<DetectionPage> Page(DetectionQuery q) => camera is null ? video.SearchDetectionsAsync(null, q) : video.QueryDetectionsAsync(camera, q);
        var items = new List<DetectionRecord>();
        var page = await Page(query);
        items.AddRange(page.Items);
        while (all && page.Next is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            page = await Page(query with { Before = page.Next });
            items.AddRange(page.Items);
        }
        return (items, page.Next is not null);
    }

    private static void Write(Terminal terminal, List<DetectionRecord> items, string? moreNote)
    {
        if (terminal.Json)
        {
            terminal.WriteJson(items.Select(DetectionJson.From));
        }
        else if (terminal.Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns(new TableColumn("Time (UTC)"), new TableColumn("Camera"), CameraWidgets.Number("Sequence"),
                    new TableColumn("Label"), CameraWidgets.Number("Score"), new TableColumn("Box (x,y wxh)"));
            foreach (var d in items)
            {
                table.AddRow(new Text(TextFormat.Time(d.Timestamp)), new Text(d.CameraId), new Text(d.Sequence.ToString()), new Text(d.Label),
                    new Text(TextFormat.Score(d.Score)), new Text(TextFormat.Box(d.Box)));
            }
            table.Caption(Markup.Escape(moreNote ?? $"{items.Count} detection(s)"), new Style(Color.Grey));
            terminal.Write(table);
            return;
        }
        else
        {
            items.ForEach(d => terminal.Line($"{TextFormat.Time(d.Timestamp)}  {d.CameraId}  seq={d.Sequence}  {TextFormat.Detection(d.Label, d.Score, d.Box)}"));
        }
        if (moreNote is not null)
        {
            // On stderr, so that what a script reads from stdout is only data.
            Terminal.Error(moreNote);
        }
    }
}
