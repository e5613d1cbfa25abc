using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Input;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>job submit FILE [--model M] [--fps N] [--zones FILE] [--wait]</c>: submits a file the silos can read (under their
/// media roots); with <c>--wait</c>, shows its progress and exits with its outcome (0 done, 4 failed or cancelled).
/// </summary>
internal static class JobSubmitCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var file = new Argument<string>("file") { Description = "The video file, as the silos see it (a path under their Sources:MediaRoots)" };
        var model = new Option<string>("--model", "-m") { Description = $"Detection model (default {CameraConfig.DefaultModel})", DefaultValueFactory = _ => CameraConfig.DefaultModel };
        var fps = new Option<double>("--fps") { Description = "Frames analysed per second of video (default: every frame)" };
        var zones = new Option<string?>("--zones") { Description = "JSON file with an array of zones, as for camera add", HelpName = "file" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Wait for the job to end, showing its progress; exit 0 when done, 4 when it failed or was cancelled" };
        var json = CommonOptions.Json();
        var command = new Command("submit", "Submit a video file for analysis") { file, model, fps, zones, wait, json };
        command.SetClusterAction(connection, json,
            parse => new JobSpec(
                Path.GetFullPath(parse.GetRequiredValue(file)), Path.GetFileName(parse.GetRequiredValue(file)),
                new JobOptions(parse.GetRequiredValue(model), parse.GetValue(fps), parse.GetValue(zones) is { } path ? ZonesFile.Read(path) : null)),
            async (context, spec, cancellationToken) =>
            {
                var submitted = await context.Terminal.WithSpinnerAsync($"Submitting {spec.Name}…", () => context.Video.SubmitJobAsync(spec));
                if (!context.Parse.GetValue(wait))
                {
                    Show(context.Terminal, submitted);
                    return ExitCodes.Ok;
                }
                var ended = await WaitAsync(context, submitted, cancellationToken);
                if (ended is null)
                {
                    Terminal.Error($"job {submitted.Id} was removed while it ran");
                    return ExitCodes.Failed;
                }
                Show(context.Terminal, ended);
                if (ended.State != JobState.Done)
                {
                    Terminal.Error($"job {ended.Id} {ended.State.ToString().ToLowerInvariant()}{(ended.Error is null ? "" : $": {ended.Error}")}");
                    return ExitCodes.Failed;
                }
                return ExitCodes.Ok;
            });
        return command;
    }

    private static async Task<JobStatus?> WaitAsync(ClusterCommandContext context, JobStatus submitted, CancellationToken cancellationToken)
    {
        var video = context.Video;
        if (!context.Terminal.Interactive)
        {
            // A line every few seconds for logs (a Kubernetes Job's, a script's), the last when it ends.
            var lastLine = DateTimeOffset.MinValue;
            return await video.WaitForJobAsync(submitted.Id, status =>
            {
                if (!context.Terminal.Json && (DateTimeOffset.UtcNow - lastLine > TimeSpan.FromSeconds(5) || status.State.IsEnded()))
                {
                    Console.Error.WriteLine(JobText.Line(status));
                    lastLine = DateTimeOffset.UtcNow;
                }
            }, cancellationToken: cancellationToken);
        }
        JobStatus? ended = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(Markup.Escape(submitted.Name), maxValue: 1);
                ended = await video.WaitForJobAsync(submitted.Id, status =>
                {
                    if (status.FramesTotal > 0)
                    {
                        bar.MaxValue = status.FramesTotal;
                        bar.Value = status.FramesDone;
                    }
                    bar.Description = Markup.Escape($"{submitted.Name} {status.State.ToString().ToLowerInvariant()} {status.FramesPerSecond:0} fps");
                }, cancellationToken: cancellationToken);
            });
        return ended;
    }

    internal static void Show(Terminal terminal, JobStatus status)
    {
        if (terminal.Json)
        {
            terminal.WriteJson(JobText.Json(status));
        }
        else
        {
            terminal.Line(JobText.Line(status));
        }
    }
}
