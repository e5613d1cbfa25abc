using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Client;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>camera list [--json]</c>: every registered camera with its state and counters.</summary>
internal static class CameraListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List every camera with its state, counters and host silo") { json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var cameras = (await context.Video.ListCamerasAsync()).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(cameras.Select(c => CameraView.From(c)));
            }
            else if (context.Terminal.Interactive)
            {
                if (cameras.Count == 0)
                {
                    context.Terminal.MarkupLine("[grey]No cameras. Add one with 'orleans-video camera add'.[/]");
                }
                else
                {
                    context.Terminal.Write(CameraWidgets.Table(cameras));
                }
            }
            else
            {
                cameras.ForEach(c => context.Terminal.Line(TextFormat.CameraLine(c)));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
