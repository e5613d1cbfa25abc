using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Client;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>events clip &lt;camera&gt; &lt;event&gt; -o file.mp4</c>: the event's recording with the camera's padding, downloaded
/// from a silo's HTTP API. Exit code 3 when the camera or the event does not exist, or nothing of it is recorded.
/// </summary>
internal static class EventsClipCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var eventId = new Argument<string>("event") { Description = "Event id, as 'events list' shows it" };
        var output = ClipDownload.OutputOption();
        var api = new HttpApiOptions();
        var command = new Command("clip", "Save an event's recording as MP4, from before it started to after it ended") { camera, eventId, output };
        api.AddTo(command);
        command.SetClusterAction(connection, json: null, parse => api.CreateClient(parse), async (context, http, cancellationToken) =>
        {
            using var _ = http;
            var id = context.Parse.GetRequiredValue(camera);
            var name = context.Parse.GetRequiredValue(eventId);
            if (await context.Video.GetCameraConfigAsync(id) is not { } config || await context.Video.GetEventAsync(id, name) is not { } found)
            {
                Terminal.Error($"no event '{name}' of camera '{id}'");
                return ExitCodes.NotFound;
            }
            var record = config.Recording;
            var expected = (await context.Video.GetRecordedSegmentsAsync(id,
                found.Start.AddSeconds(-record.PreSeconds), (found.End ?? found.LastSeen).AddSeconds(record.PostSeconds))).Sum(s => s.Bytes);
            return await ClipDownload.RunAsync(
                http, RecordingUrls.EventClip(http.BaseAddress!, id, name), context.Parse.GetRequiredValue(output), expected, context.Terminal, cancellationToken);
        });
        return command;
    }
}
