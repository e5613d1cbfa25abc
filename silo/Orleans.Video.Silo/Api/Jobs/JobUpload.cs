using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Orleans.Video.Silo.Api.Jobs;

/// <summary>
/// Receives a <c>multipart/form-data</c> job submission: the <c>file</c> part streamed to the job's folder as it
/// arrives (never whole in memory, at most the size allowed), the other parts as text fields. Anything that goes
/// wrong removes what was written.
/// </summary>
internal sealed class JobUpload
{
    /// <summary>The most a text field may hold: room for zones, which are the largest.</summary>
    private const int MaxFieldBytes = 64 * 1024;

    public Dictionary<string, string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the file was written, and the name the client gave it.</summary>
    public (string Path, string Name)? File { get; private set; }

    /// <summary>Reads the request; returns null when it was received, else the status code and reason to answer with.</summary>
    public async Task<(int Status, string Reason)?> ReceiveAsync(HttpRequest request, string folder, long maxBytes)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        // Kestrel's own limit (30 MB by default) is for ordinary requests; an upload has the jobs' own.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + MaxFieldBytes * 8;
        }
        if (request.ContentLength > maxBytes + MaxFieldBytes * 8)
        {
            return (StatusCodes.Status413PayloadTooLarge, TooLarge(maxBytes));
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (StatusCodes.Status400BadRequest, "a multipart/form-data body needs a boundary");
        }
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { Length: > 0 } name)
                {
                    return (StatusCodes.Status400BadRequest, "every part needs a Content-Disposition with a name");
                }
                if (disposition.IsFileDisposition())
                {
                    if (!name.Equals("file", StringComparison.OrdinalIgnoreCase) || File is not null)
                    {
                        return (StatusCodes.Status400BadRequest, "send one file, in the part named 'file'");
                    }
                    var fileName = Media.Jobs.JobFiles.SafeName(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                    Directory.CreateDirectory(folder);
                    var path = Path.Combine(folder, fileName);
                    File = (path, fileName);
                    if (!await CopyAsync(section.Body, path, maxBytes, cancellationToken))
                    {
                        return (StatusCodes.Status413PayloadTooLarge, TooLarge(maxBytes));
                    }
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldBytes + 1];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken);
                    if (read > MaxFieldBytes)
                    {
                        return (StatusCodes.Status400BadRequest, $"field '{name}' is longer than {MaxFieldBytes} characters");
                    }
                    Fields[name] = new string(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException or OperationCanceledException)
        {
            // A client that went away, a body cut short, a disk that filled up: nothing of it is kept.
            return (StatusCodes.Status400BadRequest, $"the upload did not arrive whole: {e.Message}");
        }
        return File is null ? (StatusCodes.Status400BadRequest, "the form has no 'file' part") : null;
    }

    private static async Task<bool> CopyAsync(Stream body, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return false;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return true;
    }

    private static string TooLarge(long maxBytes) => $"the file is larger than {maxBytes} bytes (Jobs:MaxUploadBytes)";
}
