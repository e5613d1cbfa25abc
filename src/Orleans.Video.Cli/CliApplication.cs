using System.CommandLine;
using Orleans.Video.Cli.Commands;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli;

/// <summary>The command tree of <c>orleans-video</c>.</summary>
public static class CliApplication
{
    public static RootCommand CreateRootCommand()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand("orleans-video: manage the cameras of an Orleans.Video cluster, query what they saw and watch it live.");
        connection.AddTo(root);
        root.Add(CameraCommand.Create(connection));
        root.Add(DetectionsCommand.Create(connection));
        root.Add(WatchCommand.Create(connection));
        return root;
    }
}
