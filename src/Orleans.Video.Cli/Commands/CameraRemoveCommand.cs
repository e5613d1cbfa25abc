using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>camera remove &lt;camera&gt;</c>: stop and forget a camera (its detections stay); exit code 3 when unknown.</summary>
internal static class CameraRemoveCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var command = new Command("remove", "Stop and forget a camera; its stored detections stay queryable") { camera };
        command.SetClusterAction(connection, json: null, async (context, _) =>
        {
            var id = context.Parse.GetRequiredValue(camera);
            var removed = await context.Terminal.WithSpinnerAsync($"Removing camera {id}…", () => context.Video.RemoveCameraAsync(id));
            if (!removed)
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            if (context.Terminal.Interactive)
            {
                context.Terminal.MarkupLine($"[yellow]Removed[/] camera [bold]{Markup.Escape(id)}[/]");
            }
            else
            {
                context.Terminal.Line($"removed {id}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
