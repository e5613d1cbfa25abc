using System.CommandLine;
using System.CommandLine.Invocation;
using Orleans.Video.Cli.Commands;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli;

/// <summary>The command tree of <c>orleans-video</c>.</summary>
public static class CliApplication
{
    /// <summary>
    /// Parses the command line. A usage error shows the command's help only to a person at a terminal: written to
    /// a pipe, the help text would land in the data a script reads, so there the error line on stderr stands alone.
    /// </summary>
    public static ParseResult Parse(string[] args)
    {
        var parse = CreateRootCommand().Parse(args);
        if (parse.Action is ParseErrorAction errors && Console.IsOutputRedirected)
        {
            errors.ShowHelp = false;
        }
        return parse;
    }

    public static RootCommand CreateRootCommand()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand("orleans-video: manage the cameras of an Orleans.Video cluster, query what they saw, watch it live, and analyse video files.");
        connection.AddTo(root);
        root.Add(CameraCommand.Create(connection));
        root.Add(DetectionsCommand.Create(connection));
        root.Add(WatchCommand.Create(connection));
        root.Add(EventsCommand.Create(connection));
        root.Add(RecordingsCommand.Create(connection));
        root.Add(ClipCommand.Create(connection));
        root.Add(JobCommand.Create(connection));
        root.Add(KeyCommand.Create(connection));
        root.Add(AuditCommand.Create(connection));
        return root;
    }
}
