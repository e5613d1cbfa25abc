using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>clip</c>: recorded video out of the cluster.</summary>
internal static class ClipCommand
{
    public static Command Create(ConnectionOptions connection) => new("clip", "Export recorded video as MP4")
    {
        ClipExportCommand.Create(connection),
    };
}
