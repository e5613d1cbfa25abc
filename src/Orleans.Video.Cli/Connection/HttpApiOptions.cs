using System.CommandLine;

namespace Orleans.Video.Cli.Connection;

/// <summary>
/// Where the commands that download video (clips) reach a silo's HTTP API, and the API key they send. Video is
/// not carried through the Orleans gateway: any silo's HTTP API streams it from the shared media storage.
/// </summary>
internal sealed class HttpApiOptions
{
    public const string UrlVariable = "ORLEANS_VIDEO_API";
    public const string KeyVariable = "ORLEANS_VIDEO_API_KEY";
    private const string DefaultUrl = "http://127.0.0.1:8080/";

    public Option<string?> Url { get; } = new("--api")
    {
        Description = $"A silo's HTTP API (default: ${UrlVariable}, else {DefaultUrl})",
        HelpName = "url",
    };

    public Option<string?> Key { get; } = new("--api-key")
    {
        Description = $"The API key (default: ${KeyVariable}, else ./.data/api-key as run.sh writes it)",
        HelpName = "key",
    };

    public void AddTo(Command command)
    {
        command.Add(Url);
        command.Add(Key);
    }

    /// <summary>An HTTP client for the API; throws <see cref="ArgumentException"/> naming what is missing.</summary>
    public HttpClient CreateClient(ParseResult parse)
    {
        var text = parse.GetValue(Url) ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--api '{text}' is not an http(s) URL");
        }
        var key = parse.GetValue(Key) ?? Environment.GetEnvironmentVariable(KeyVariable)
            ?? (File.Exists(".data/api-key") ? File.ReadAllText(".data/api-key").Trim() : null);
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException($"no API key: give --api-key or set ${KeyVariable}");
        }
        // Clips are made while they download: no overall timeout, the read of each chunk is bounded instead.
        var http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}
