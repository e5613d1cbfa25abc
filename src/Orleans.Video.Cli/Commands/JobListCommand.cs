using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>job list [--limit N]</c>: jobs, newest first, a line each.</summary>
internal static class JobListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var limit = new Option<int>("--limit", "-n") { Description = $"At most this many jobs, 1..{VideoClient.MaxJobsPerPage}", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var command = new Command("list", "Jobs, newest first, with their progress") { limit, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var jobs = await context.Terminal.WithSpinnerAsync("Listing jobs…", () => context.Video.ListJobsAsync(limit: context.Parse.GetValue(limit)));
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(jobs.Select(JobText.Json));
            }
            else
            {
                foreach (var job in jobs)
                {
                    context.Terminal.Line(JobText.Line(job));
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
