using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Spectre.Console;

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
                context.Terminal.WriteJson(cameras.Select(CameraJson.From));
            }
            else if (context.Terminal.Interactive)
            {
                context.Terminal.Write(cameras.Count == 0 ? new Text("No cameras.") : CameraWidgets.Table(cameras));
                if (cameras.Count == 0)
                {
                    context.Terminal.Line("");
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
