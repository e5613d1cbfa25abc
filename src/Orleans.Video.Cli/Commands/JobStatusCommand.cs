using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>job status JOB</c>: one job's state and progress; exit code 3 when unknown.</summary>
internal static class JobStatusCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var job = JobCommand.JobId();
        var json = CommonOptions.Json();
        var command = new Command("status", "One job's state, progress and error") { job, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var id = context.Parse.GetRequiredValue(job);
            if (await context.Terminal.WithSpinnerAsync($"Asking job {id}…", () => context.Video.GetJobAsync(id)) is not { } status)
            {
                Terminal.Error($"no job '{id}'");
                return ExitCodes.NotFound;
            }
            JobSubmitCommand.Show(context.Terminal, status);
            return ExitCodes.Ok;
        });
        return command;
    }
}
