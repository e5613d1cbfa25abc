using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>camera add &lt;id&gt; --source … [--fps …] [--model …] [--no-loop]</c>.</summary>
internal static class CameraAddCommand
{
    public const double DefaultFps = 5;
    public const string DefaultModel = "shapes";

    public static Command Create(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "Camera id: up to 64 letters, digits, '_', '-' or '.'" };
        var source = new Option<string>("--source", "-s")
        {
            Description = "A video file path, or an rtsp, rtsps, http(s), tcp or udp URL",
            HelpName = "path or url",
            Required = true,
        };
        var fps = new Option<double>("--fps")
        {
            Description = $"Frames per second to analyse (0 < fps <= {CameraConfigValidator.MaxFps})",
            DefaultValueFactory = _ => DefaultFps,
        };
        var model = new Option<string>("--model", "-m")
        {
            Description = "Name of a model in the silos' model catalog",
            DefaultValueFactory = _ => DefaultModel,
        };
        var noLoop = new Option<bool>("--no-loop") { Description = "For a file source: stop at its end instead of starting again" };

        var command = new Command("add", "Add a camera (or reconfigure an existing one) and start it") { id, source, fps, model, noLoop };
        command.SetClusterAction(connection, json: null, async (context, _) =>
        {
            var cameraId = context.Parse.GetRequiredValue(id);
            var config = new CameraConfig(
                LocalPath(context.Parse.GetRequiredValue(source)), context.Parse.GetValue(fps),
                context.Parse.GetRequiredValue(model), Loop: !context.Parse.GetValue(noLoop));
            await context.Terminal.WithSpinnerAsync($"Adding camera {cameraId}…", () => context.Video.AddCameraAsync(cameraId, config));
            var what = $"{config.Model} at {TextFormat.Number(config.Fps)} fps from {config.Source}";
            if (context.Terminal.Interactive)
            {
                context.Terminal.MarkupLine($"[green]Added[/] camera [bold]{Markup.Escape(cameraId)}[/]: {Markup.Escape(what)}");
            }
            else
            {
                context.Terminal.Line($"added {cameraId}: {what}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A relative path that names a file here becomes absolute: the silo resolves paths against its own working
    /// folder, not the one the CLI was started in. Anything else (URLs, paths only the silo sees) goes as given.
    /// </summary>
    private static string LocalPath(string source) =>
        !source.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(source) && File.Exists(source) ? Path.GetFullPath(source) : source;
}
