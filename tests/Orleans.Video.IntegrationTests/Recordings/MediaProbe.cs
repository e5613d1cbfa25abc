using System.Diagnostics;
using System.Globalization;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>ffprobe and ffmpeg as a test reads recordings back: durations, frame counts, clean decodes.</summary>
internal static class MediaProbe
{
    /// <summary>The container's duration in seconds, read by ffprobe (files, or URLs with the test API key).</summary>
    public static double Duration(string input) =>
        double.Parse(Run("ffprobe", [.. Headers(input), "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", input]).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Decodes every frame; returns how many there were, and fails on any decoding error.</summary>
    public static int DecodedFrames(string input)
    {
        var output = Run("ffprobe", [.. Headers(input), "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", input]);
        return int.Parse(output.Trim().TrimEnd(','), CultureInfo.InvariantCulture);
    }

    /// <summary>Decodes the whole input with ffmpeg; returns what it printed at error level (nothing for a clean decode).</summary>
    public static string DecodeErrors(string input)
    {
        var (code, _, error) = Exec("ffmpeg", [.. Headers(input), "-v", "error", "-i", input, "-f", "null", "-"]);
        return code == 0 ? error.Trim() : $"ffmpeg exited with {code}: {error}";
    }

    private static string[] Headers(string input) =>
        input.StartsWith("http", StringComparison.Ordinal) ? ["-headers", $"X-Api-Key: {TestSupport.SiloProcess.ApiKey}\r\n"] : [];

    private static string Run(string tool, string[] arguments)
    {
        var (code, output, error) = Exec(tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited with {code}: {error}");
        return output;
    }

    private static (int Code, string Output, string Error) Exec(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish in 60 s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
