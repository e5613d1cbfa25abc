using System.Diagnostics;

namespace Orleans.Video.Media.Tests;

/// <summary>ffmpeg and ffprobe as the media tests use them: make a clip, read one back.</summary>
internal static class MediaTools
{
    /// <summary>Runs ffmpeg with <paramref name="arguments"/> writing <paramref name="output"/> (under <paramref name="root"/> unless rooted); fails the test on an error.</summary>
    public static string Ffmpeg(string root, string arguments, string output)
    {
        var path = Path.IsPathRooted(output) ? output : Path.Combine(root, output);
        var made = Run("ffmpeg", $"-loglevel error -y {arguments} {path}");
        Assert.True(made.Code == 0, made.Errors);
        return path;
    }

    public static (int Code, string Output, string Errors) Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors);
    }
}
