using System.CommandLine;

namespace Orleans.Video.Cli.Commands;

/// <summary>Options several commands take, one instance per command.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of text (no colours, no spinners)" };

    public static Argument<string> CameraId() => new("camera") { Description = "Camera id" };
}
