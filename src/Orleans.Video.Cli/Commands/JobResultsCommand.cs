using System.CommandLine;
using System.Text.Json;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>job results JOB [--events] [--format jsonl|csv] [--from S] [--to S] [--label L]</c>: every detection (or event)
/// of a job in media order, written to stdout as it is read; exit code 3 when the job is unknown.
/// </summary>
internal static class JobResultsCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(ConnectionOptions connection)
    {
        var job = JobCommand.JobId();
        var events = new Option<bool>("--events") { Description = "Events instead of detections" };
        var format = new Option<string>("--format", "-f") { Description = "jsonl or csv", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var from = new Option<double?>("--from") { Description = "Seconds from the file's start to begin at" };
        var to = new Option<double?>("--to") { Description = "Seconds from the file's start to stop before" };
        var label = new Option<string?>("--label", "-l") { Description = "Only this label (case-insensitive)" };
        var command = new Command("results", "Every detection (or event) of a job in media order, as JSON Lines or CSV") { job, events, format, from, to, label };
        command.SetClusterAction(connection, json: null, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetRequiredValue(job);
            if (await context.Video.GetJobAsync(id) is null)
            {
                Terminal.Error($"no job '{id}'");
                return ExitCodes.NotFound;
            }
            var query = new JobQuery(
                Seconds(context.Parse.GetValue(from)), Seconds(context.Parse.GetValue(to)), context.Parse.GetValue(label), JobQuery.MaxLimit);
            var csv = context.Parse.GetValue(format) == "csv";
            var video = context.Video;
            if (context.Parse.GetValue(events))
            {
                if (csv)
                {
                    context.Terminal.Line(JobCsv.EventHeader);
                }
                await foreach (var e in video.ReadAllAsync(q => video.QueryJobEventsAsync(id, q), query).WithCancellation(cancellationToken))
                {
                    context.Terminal.Line(csv ? JobCsv.Row(e) : JobText.JsonLine(e, JsonLines));
                }
            }
            else
            {
                if (csv)
                {
                    context.Terminal.Line(JobCsv.DetectionHeader);
                }
                await foreach (var d in video.ReadAllAsync(q => video.QueryJobDetectionsAsync(id, q), query).WithCancellation(cancellationToken))
                {
                    context.Terminal.Line(csv ? JobCsv.Row(d) : JobText.JsonLine(d, JsonLines));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
