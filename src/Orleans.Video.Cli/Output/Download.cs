using System.Net;
using System.Text.Json;
using Spectre.Console;

namespace Orleans.Video.Cli.Output;

/// <summary>
/// Downloads a clip to a file (or stdout), with a progress bar on a terminal. A clip is made while it downloads,
/// so its length is not known up front: the bar runs against the recorded bytes of the range, which the clip
/// comes close to (stream copy, a little container overhead).
/// </summary>
internal static class Download
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Returns the bytes written; throws <see cref="DownloadException"/> with the API's reason on a 4xx/5xx.</summary>
    public static async Task<long> ToFileAsync(
        HttpClient http, Uri url, string path, long expectedBytes, Terminal terminal, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DownloadException(response.StatusCode, await ReasonAsync(response, cancellationToken));
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (path == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            return await CopyAsync(body, stdout, _ => { }, cancellationToken);
        }
        var partial = path + ".part";
        long written;
        await using (var file = File.Create(partial))
        {
            if (terminal.Interactive && !terminal.Json)
            {
                written = 0;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask(Path.GetFileName(path), maxValue: Math.Max(1, expectedBytes));
                        written = await CopyAsync(body, file, n => task.Value = Math.Min(n, task.MaxValue), cancellationToken);
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                written = await CopyAsync(body, file, _ => { }, cancellationToken);
            }
        }
        // Only a whole clip gets the name asked for: an interrupted download leaves no file that looks complete.
        File.Move(partial, path, overwrite: true);
        return written;
    }

    private static async Task<long> CopyAsync(Stream from, Stream to, Action<long> progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        while (true)
        {
            using var chunk = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            chunk.CancelAfter(ReadTimeout);
            var read = await from.ReadAsync(buffer, chunk.Token);
            if (read == 0)
            {
                return total;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
            progress(total);
        }
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } reason)
            {
                return reason;
            }
        }
        catch (JsonException)
        {
            // Not a problem body: the status says it.
        }
        return response.StatusCode == HttpStatusCode.Unauthorized ? "the API key was refused" : $"HTTP {(int)response.StatusCode}";
    }
}

/// <summary>The API refused a download; <see cref="Exception.Message"/> is its reason.</summary>
internal sealed class DownloadException(HttpStatusCode status, string reason) : Exception(reason)
{
    public HttpStatusCode Status => status;
}
