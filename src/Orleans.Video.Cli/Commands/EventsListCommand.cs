using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>events list [--camera ID] [--kind object|zone|loiter] [--label L] [--zone Z] [--since 10m|ISO] [--limit N] [--json]</c>:
/// stored events of one camera or of every camera, newest first.
/// </summary>
internal static class EventsListCommand
{
    public const int DefaultLimit = 100;

    public static Command Create(ConnectionOptions connection)
    {
        var camera = new Option<string?>("--camera", "-c") { Description = "Only this camera's events (default: every camera, registered or since removed)", HelpName = "id" };
        var kind = EventKindOption.Create();
        var label = new Option<string?>("--label", "-l") { Description = "Only events of objects with this label (case-insensitive)" };
        var zone = new Option<string?>("--zone", "-z") { Description = "Only events in this zone (case-insensitive)" };
        var since = TimeOption.Create("--since", "Only events still going on at or after this time");
        var limit = new Option<int>("--limit", "-n")
        {
            Description = $"The most events to show, 1..{EventQuery.MaxLimit}",
            DefaultValueFactory = _ => DefaultLimit,
        };
        var json = CommonOptions.Json();

        var command = new Command("list", "Stored events, newest first: objects that appeared, entered zones or loitered")
        {
            camera, kind, label, zone, since, limit, json,
        };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var id = NullIfBlank(context.Parse.GetValue(camera));
            if (id is not null && !await context.Video.CameraExistsAsync(id))
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            var query = new EventQuery(
                From: context.Parse.GetValue(since), Label: NullIfBlank(context.Parse.GetValue(label)), Zone: NullIfBlank(context.Parse.GetValue(zone)),
                Kind: context.Parse.GetValue(kind), Limit: context.Parse.GetValue(limit));
            var page = await context.Terminal.WithSpinnerAsync(
                id is null ? "Querying events of every camera…" : $"Querying events of {id}…", () => context.Video.QueryEventsAsync(id, query));
            Write(context.Terminal, page.Items, page.Next is null ? null : $"more events than --limit {query.Limit}: raise it or narrow the query (--since, --kind, …)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(Terminal terminal, IReadOnlyList<VideoEvent> events, string? moreNote)
    {
        if (terminal.Json)
        {
            terminal.WriteJson(events.Select(EventJson.From));
        }
        else if (terminal.Interactive)
        {
            terminal.Write(EventWidgets.Table(events, moreNote ?? $"{events.Count} event(s), newest first"));
            return;
        }
        else
        {
            foreach (var e in events)
            {
                terminal.Line(TextFormat.EventLine(e));
            }
        }
        if (moreNote is not null)
        {
            // On stderr, so that what a script reads from stdout is only data.
            Terminal.Error(moreNote);
        }
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
