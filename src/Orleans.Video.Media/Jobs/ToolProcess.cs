using System.Diagnostics;

namespace Orleans.Video.Media.Jobs;

/// <summary>
/// ffprobe or ffmpeg run to its end for a job (a probe, a chunk's annotation, the join): arguments passed one by one,
/// no shell, stdin closed, stdout and stderr read whole; killed when the caller gives up.
/// </summary>
internal static class ToolProcess
{
    /// <param name="lowPriority">Below the cameras' decoders and the silo, as chunk decoders are (nice 10 on Linux).</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool lowPriority = false)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        process.StandardInput.Close();
        if (lowPriority)
        {
            // False when it has gone already, or is not ours to lower: it then runs as it is.
            _ = DecoderPriority.TryLower(process);
        }
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
