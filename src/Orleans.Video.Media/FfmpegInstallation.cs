using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Video.Media;

/// <summary>Checks at start-up that ffmpeg can be run, so a missing binary fails loudly once instead of in every camera.</summary>
public static partial class FfmpegInstallation
{
    /// <summary>
    /// The oldest ffmpeg the decoder's arguments mean what they say to: before 5.0, RTSP's <c>-timeout</c> is the time to
    /// wait for a connection as a server (listen mode), so every RTSP camera would fail to open.
    /// </summary>
    public const int MinimumMajorVersion = 5;

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
            var line = output.Split('\n', 2)[0].Trim();
            return TooOld(line) is { } tooOld ? throw new InvalidOperationException(tooOld) : line;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg was not found on PATH; install it (Debian: apt-get install ffmpeg)", e);
        }
    }

    /// <summary>Why the ffmpeg of this version line cannot be used, or null. Builds from git (<c>N-…</c>) name no release and pass.</summary>
    public static string? TooOld(string versionLine)
    {
        var match = VersionRegex().Match(versionLine);
        return match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < MinimumMajorVersion
            ? $"{versionLine.Split(" Copyright", 2)[0]} is too old: {MinimumMajorVersion}.0 or later is needed (its RTSP options differ). "
                + "Install a newer one (Debian 12 and Ubuntu 24.04 ship 5.1 and 6.1)"
            : null;
    }

    [GeneratedRegex(@"^ffmpeg version n?(\d+)\.\d+")]
    private static partial Regex VersionRegex();
}
