using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Video.Cli.Input;

/// <summary>
/// Reads <c>camera add --zones FILE</c>: the JSON array of zones that <c>POST /api/cameras</c> takes as "zones",
/// e.g. <c>[{"name":"door","points":[{"x":0,"y":0},{"x":640,"y":0},{"x":640,"y":360}],"labels":["person"],"loiterSeconds":10}]</c>.
/// Only the JSON is checked here; the zones themselves are checked by <see cref="CameraConfigValidator"/>.
/// </summary>
internal static class ZonesFile
{
    /// <summary>Far more than 32 zones of 64 points need: anything larger is the wrong file.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A misspelt "loiterSecond" would otherwise silently mean no loitering at all.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="ArgumentException">The file cannot be read, is not JSON, or is not an array of zones; the message says which.</exception>
    public static List<Zone> Read(string path)
    {
        string text;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length > MaxBytes)
            {
                throw new ArgumentException($"--zones {path}: the file is larger than {MaxBytes / 1024} KiB; it should hold a JSON array of zones");
            }
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--zones {path}: cannot read the file: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Parses the file's text; <paramref name="path"/> only names it in messages.</summary>
    public static List<Zone> Parse(string text, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--zones {path} is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException(
                    $"--zones {path} must hold a JSON array of zones, [{{\"name\":\"door\",\"points\":[{{\"x\":0,\"y\":0}}, …]}}, …], not {Describe(document.RootElement.ValueKind)}");
            }
            try
            {
                return document.RootElement.Deserialize<List<Zone>>(Options) ?? [];
            }
            catch (JsonException e)
            {
                // The message gives the path in the file ($[0].points[1].x) and what was wrong there.
                throw new ArgumentException($"--zones {path} is not an array of zones: {e.Message}");
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "true or false",
    };
}
