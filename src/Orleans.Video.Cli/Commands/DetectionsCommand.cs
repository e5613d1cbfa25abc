using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>detections</c>: the group of commands over stored detections.</summary>
internal static class DetectionsCommand
{
    public static Command Create(ConnectionOptions connection) => new("detections", "Query the detections stored for a camera")
    {
        DetectionsQueryCommand.Create(connection),
    };
}
