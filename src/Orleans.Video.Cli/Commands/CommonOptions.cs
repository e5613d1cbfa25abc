using System.CommandLine;

namespace Orleans.Video.Cli.Commands;

/// <summary>Options several commands take, one instance per command.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write JSON instead of text (no colours, no spinners)" };

    public static Argument<string> CameraId() => new("camera") { Description = "Camera id" };

    /// <summary>How long a live command runs; without it, until Ctrl-C.</summary>
    public static Option<double?> Duration()
    {
        var duration = new Option<double?>("--duration", "-d")
        {
            Description = "Stop after this many seconds (default: run until Ctrl-C)",
            HelpName = "seconds",
        };
        duration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
            {
                result.AddError("--duration must be more than 0 seconds");
            }
        });
        return duration;
    }
}
