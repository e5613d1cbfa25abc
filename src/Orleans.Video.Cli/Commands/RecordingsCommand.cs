using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>recordings</c>: what cameras have recorded.</summary>
internal static class RecordingsCommand
{
    public static Command Create(ConnectionOptions connection) => new("recordings", "What a camera has recorded")
    {
        RecordingsListCommand.Create(connection),
    };
}
