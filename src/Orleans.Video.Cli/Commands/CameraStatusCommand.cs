using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Client;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>camera status &lt;camera&gt; [--json]</c>: one camera in detail; exit code 3 when there is no such camera.</summary>
internal static class CameraStatusCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show one camera's state, configuration, counters and last error") { camera, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var id = context.Parse.GetRequiredValue(camera);
            if (await context.Video.GetCameraAsync(id) is not { } status)
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            var config = await context.Video.GetCameraConfigAsync(id);
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(CameraView.From(status, config));
            }
            else if (context.Terminal.Interactive)
            {
                context.Terminal.Write(CameraWidgets.Details(status, config));
            }
            else
            {
                foreach (var (name, value) in CameraWidgets.Fields(status, config))
                {
                    context.Terminal.Line($"{name,-12}{value}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
