using System.Diagnostics;

namespace Orleans.Video.Media;

/// <summary>Checks at start-up that ffmpeg can be run, so a missing binary fails loudly once instead of in every camera.</summary>
public static class FfmpegInstallation
{
    /// <summary>Returns ffmpeg's version line.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg is missing or does not run.</exception>
    public static async Task<string> VerifyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // An argument list, as every process the silo starts gets (FfmpegProcess): never a command string.
            using var process = Process.Start(new ProcessStartInfo("ffmpeg")
            {
                ArgumentList = { "-hide_banner", "-version" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("ffmpeg did not start");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'ffmpeg -version' exited with code {process.ExitCode}");
            }
            return output.Split('\n', 2)[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg was not found on PATH; install it (Debian: apt-get install ffmpeg)", e);
        }
    }
}
