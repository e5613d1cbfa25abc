namespace Orleans.Video;

/// <summary>Checks a <see cref="CameraConfig"/> before any decoder sees it.</summary>
public static class CameraConfigValidator
{
    public const double MaxFps = 30;
    public const int MaxSourceLength = 2048;

    /// <summary>URL schemes ffmpeg is allowed to open; anything else (file:, concat:, pipe:, data:, …) is refused.</summary>
    public static readonly IReadOnlySet<string> Schemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "rtsp", "rtsps", "http", "https", "tcp", "udp",
    };

    /// <summary>Returns the problems found, each naming its field; empty when the configuration is valid.</summary>
    public static IReadOnlyList<string> Validate(CameraConfig? config)
    {
        if (config is null)
        {
            return ["config is required"];
        }

        var errors = new List<string>();
        if (SourceError(config.Source) is { } sourceError)
        {
            errors.Add(sourceError);
        }
        if (!double.IsFinite(config.Fps) || config.Fps <= 0 || config.Fps > MaxFps)
        {
            errors.Add($"fps must be a number in (0, {MaxFps}]");
        }
        if (string.IsNullOrWhiteSpace(config.Model))
        {
            errors.Add("model is required");
        }
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(CameraConfig? config)
    {
        var errors = Validate(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(config));
        }
    }

    private static string? SourceError(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "source is required";
        }
        if (source.Length > MaxSourceLength)
        {
            return $"source must be at most {MaxSourceLength} characters";
        }
        if (source.Any(char.IsControl))
        {
            return "source must not contain control characters";
        }
        var schemeEnd = source.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            // A file path. ffmpeg treats "name:rest" as a protocol, so refuse colons to keep it a plain file.
            return source.Contains(':') ? "source must be a file path or a URL with scheme rtsp, rtsps, http, https, tcp or udp" : null;
        }
        var scheme = source[..schemeEnd];
        if (!Schemes.Contains(scheme))
        {
            return $"source scheme '{scheme}' is not allowed (use rtsp, rtsps, http, https, tcp or udp)";
        }
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "source is not a valid URL";
        }
        return null;
    }
}
