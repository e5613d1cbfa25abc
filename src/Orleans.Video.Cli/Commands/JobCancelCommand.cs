using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>job cancel JOB</c>: cancels a job that has not ended, removes one that has; exit code 3 when unknown.</summary>
internal static class JobCancelCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var job = JobCommand.JobId();
        var command = new Command("cancel", "Cancel a job that has not ended; remove one that has (its results and uploaded file)") { job };
        command.SetClusterAction(connection, json: null, async (context, _) =>
        {
            var id = context.Parse.GetRequiredValue(job);
            var before = await context.Video.GetJobAsync(id);
            if (before is null || !await context.Terminal.WithSpinnerAsync($"Cancelling job {id}…", () => context.Video.CancelJobAsync(id)))
            {
                Terminal.Error($"no job '{id}'");
                return ExitCodes.NotFound;
            }
            context.Terminal.Line(before.State.IsEnded() ? $"removed {id}" : $"cancelled {id}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
