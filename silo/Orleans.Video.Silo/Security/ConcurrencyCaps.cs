using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// Caps on what holds a silo's resources for as long as a request lasts, where the request rate limit does not help
/// (one request can hold a live stream for hours): live streams (Server-Sent Events and live video WebSockets) per key
/// and per silo, and clip exports (an ffmpeg each) per silo. A request past a cap gets a 429 with <c>Retry-After</c>;
/// a slot is held until its response has ended.
/// </summary>
public sealed class ConcurrencyCaps(IOptions<ApiOptions> options)
{
    private const int RetryAfterSeconds = 5;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _streamsByKey = new(StringComparer.Ordinal);
    private int _streams;
    private int _clips;

    /// <summary>Takes a live-stream slot for the caller until the response ends; a 429 to answer with when there is none.</summary>
    public IResult? TryLiveStream(HttpContext context)
    {
        var key = context.User.FindFirstValue(ApiKeyVerifier.IdClaim) ?? "";
        var limits = options.Value;
        lock (_lock)
        {
            var mine = _streamsByKey.GetValueOrDefault(key);
            if (mine >= limits.LiveStreamsPerKey)
            {
                return TooMany(context, $"this key has {mine} live streams open, the most it may (Api:LiveStreamsPerKey); close one and try again");
            }
            if (_streams >= limits.LiveStreamsPerSilo)
            {
                return TooMany(context, $"this silo serves {_streams} live streams, the most it may (Api:LiveStreamsPerSilo); try again soon or another silo");
            }
            _streamsByKey[key] = mine + 1;
            _streams++;
        }
        context.Response.RegisterForDispose(new Slot(() =>
        {
            lock (_lock)
            {
                _streams--;
                var left = _streamsByKey[key] - 1;
                if (left == 0)
                {
                    _streamsByKey.Remove(key);
                }
                else
                {
                    _streamsByKey[key] = left;
                }
            }
        }));
        return null;
    }

    /// <summary>Takes a clip-export slot until the response ends; a 429 to answer with when there is none.</summary>
    public IResult? TryClipExport(HttpContext context)
    {
        lock (_lock)
        {
            if (_clips >= options.Value.ClipExportsPerSilo)
            {
                return TooMany(context, $"this silo is exporting {_clips} clips, the most it may at once (Api:ClipExportsPerSilo); try again soon");
            }
            _clips++;
        }
        context.Response.RegisterForDispose(new Slot(() =>
        {
            lock (_lock)
            {
                _clips--;
            }
        }));
        return null;
    }

    private static IResult TooMany(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }

    private sealed class Slot(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }
}

public static class ConcurrencyCapsExtensions
{
    /// <summary>The route is a live stream: it counts against <see cref="ApiOptions.LiveStreamsPerKey"/> and <see cref="ApiOptions.LiveStreamsPerSilo"/>.</summary>
    public static RouteHandlerBuilder CountsAsLiveStream(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ConcurrencyCaps>().TryLiveStream(context.HttpContext) is { } refused ? refused : await next(context));

    /// <summary>The route runs a clip export: it counts against <see cref="ApiOptions.ClipExportsPerSilo"/>.</summary>
    public static RouteHandlerBuilder CountsAsClipExport(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ConcurrencyCaps>().TryClipExport(context.HttpContext) is { } refused ? refused : await next(context));
}
