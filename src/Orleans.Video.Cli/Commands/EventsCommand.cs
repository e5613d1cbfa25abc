using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>events</c>: the group of commands over what tracked objects did (appeared, entered a zone, loitered).</summary>
internal static class EventsCommand
{
    public static Command Create(ConnectionOptions connection) => new("events", "List and watch events (objects in view, in zones, loitering), and fetch their snapshots and clips")
    {
        EventsListCommand.Create(connection),
        EventsWatchCommand.Create(connection),
        EventsSnapshotCommand.Create(connection),
        EventsClipCommand.Create(connection),
    };
}
