using System.CommandLine;
using System.Net;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>What the clip commands share: the output option, and turning a download's outcome into an exit code.</summary>
internal static class ClipDownload
{
    public static Option<string> OutputOption() => new("--output", "-o")
    {
        Description = "File to write the MP4 to ('-' for stdout)",
        HelpName = "file.mp4",
        Required = true,
    };

    public static async Task<int> RunAsync(HttpClient http, Uri url, string path, long expectedBytes, Terminal terminal, CancellationToken cancellationToken)
    {
        try
        {
            var written = await Download.ToFileAsync(http, url, path, expectedBytes, terminal, cancellationToken);
            if (path != "-")
            {
                terminal.Line($"wrote {path}: {TextFormat.Bytes(written)}");
            }
            return written > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (DownloadException e)
        {
            Terminal.Error(e.Message);
            return e.Status switch
            {
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized => ExitCodes.InvalidInput,
                _ => ExitCodes.Failed,
            };
        }
        catch (HttpRequestException e)
        {
            Terminal.Error($"cannot reach the HTTP API at {http.BaseAddress}: {e.Message}");
            return ExitCodes.ClusterUnavailable;
        }
    }
}
