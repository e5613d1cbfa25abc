using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>recordings list &lt;camera&gt; [--from 1d] [--to now] [--json]</c>: the recorded spans (stretches without gaps),
/// newest first. Exit code 3 when there is no such camera.
/// </summary>
internal static class RecordingsListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var from = TimeOption.Create("--from", "Start of the range (default: a day before --to)");
        var to = TimeOption.Create("--to", "End of the range (default: now)");
        var json = CommonOptions.Json();
        var command = new Command("list", "Recorded spans of a camera, newest first: start, end, length, size") { camera, from, to, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var id = context.Parse.GetRequiredValue(camera);
            // A minute past now: a live source's newest segment can be dated a little ahead of this machine's clock.
            var end = context.Parse.GetValue(to) ?? DateTimeOffset.UtcNow.AddMinutes(1);
            var start = context.Parse.GetValue(from) ?? end.AddDays(-1);
            if (end <= start)
            {
                throw new ArgumentException("--to must be later than --from");
            }
            if (!await context.Video.CameraExistsAsync(id))
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }
            var spans = (await context.Video.GetRecordingsAsync(id, start, end)).OrderByDescending(s => s.Start).ToList();
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(spans.Select(s => new { s.Start, s.End, s.Bytes, s.Segments }));
                return ExitCodes.Ok;
            }
            if (spans.Count == 0)
            {
                context.Terminal.Line($"nothing recorded by {id} between {start.UtcDateTime:u} and {end.UtcDateTime:u}");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("start (UTC)", "end (UTC)", "length", "size");
            foreach (var span in spans)
            {
                table.AddRow($"{span.Start.UtcDateTime:yyyy-MM-dd HH:mm:ss}", $"{span.End.UtcDateTime:yyyy-MM-dd HH:mm:ss}",
                    TextFormat.Duration(span.End - span.Start), TextFormat.Bytes(span.Bytes));
            }
            context.Terminal.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
