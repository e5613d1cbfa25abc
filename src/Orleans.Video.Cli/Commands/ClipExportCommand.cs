using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Client;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>clip export &lt;camera&gt; --from T --to T -o file.mp4</c>: a recorded range as one MP4, downloaded from a silo's
/// HTTP API with a progress bar. Exit code 3 when the camera is unknown or nothing of the range is recorded.
/// </summary>
internal static class ClipExportCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var from = TimeOption.Create("--from", "Start of the clip");
        from.Required = true;
        var to = TimeOption.Create("--to", "End of the clip");
        to.Required = true;
        var output = ClipDownload.OutputOption();
        var api = new HttpApiOptions();
        var command = new Command("export", "Save a recorded range of a camera as one MP4 (stream copy, no re-encoding)") { camera, from, to, output };
        api.AddTo(command);
        command.SetClusterAction(connection, json: null, parse => api.CreateClient(parse), async (context, http, cancellationToken) =>
        {
            using var _ = http;
            var id = context.Parse.GetRequiredValue(camera);
            var (start, end) = (context.Parse.GetValue(from)!.Value, context.Parse.GetValue(to)!.Value);
            if (end <= start)
            {
                throw new ArgumentException("--to must be later than --from");
            }
            if (!await context.Video.CameraExistsAsync(id))
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            var expected = (await context.Video.GetRecordedSegmentsAsync(id, start, end)).Sum(s => s.Bytes);
            return await ClipDownload.RunAsync(
                http, RecordingUrls.Clip(http.BaseAddress!, id, start, end), context.Parse.GetRequiredValue(output), expected, context.Terminal, cancellationToken);
        });
        return command;
    }
}
