using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>events snapshot &lt;camera&gt; &lt;event&gt; -o FILE</c>: the event's best frame with the object marked, as JPEG;
/// <c>-o -</c> writes it to stdout. Exit code 3 when the camera, the event or its snapshot does not exist.
/// </summary>
internal static class EventsSnapshotCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var eventId = new Argument<string>("event") { Description = "Event id, as 'events list' shows it (e.g. 4294967297-zone-door)" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "File to write the JPEG to ('-' for stdout)",
            HelpName = "file.jpg",
            Required = true,
        };

        var command = new Command("snapshot", "Save an event's snapshot: its best frame with the object marked (JPEG)") { camera, eventId, output };
        command.SetClusterAction(connection, json: null, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetRequiredValue(camera);
            var eventName = context.Parse.GetRequiredValue(eventId);
            var path = context.Parse.GetRequiredValue(output);
            if (!await context.Video.CameraExistsAsync(id))
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            if (await context.Video.GetEventSnapshotAsync(id, eventName) is not { } jpeg)
            {
                Terminal.Error($"no snapshot of event '{eventName}' of camera '{id}': no such event, or it has none");
                return ExitCodes.NotFound;
            }
            if (path == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(jpeg, cancellationToken);
                return ExitCodes.Ok;
            }
            await File.WriteAllBytesAsync(path, jpeg, cancellationToken);
            // With a file given, stdout carries no data: the note is safe there.
            context.Terminal.Line($"wrote {path}: {jpeg.Length} bytes, event {eventName} of {id}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
