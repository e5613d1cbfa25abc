using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>job</c>: analysis jobs, video files analysed across the cluster.</summary>
internal static class JobCommand
{
    public static Command Create(ConnectionOptions connection) => new("job", "Analyse video files across the cluster, apart from the cameras")
    {
        JobSubmitCommand.Create(connection),
        JobListCommand.Create(connection),
        JobStatusCommand.Create(connection),
        JobCancelCommand.Create(connection),
        JobResultsCommand.Create(connection),
    };

    public static Argument<string> JobId() => new("job") { Description = "Job id" };
}
