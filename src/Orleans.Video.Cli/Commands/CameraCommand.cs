using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>camera</c>: the group of camera commands.</summary>
internal static class CameraCommand
{
    public static Command Create(ConnectionOptions connection) => new("camera", "Add, list, inspect and remove cameras")
    {
        CameraAddCommand.Create(connection),
        CameraListCommand.Create(connection),
        CameraStatusCommand.Create(connection),
        CameraRemoveCommand.Create(connection),
    };
}
