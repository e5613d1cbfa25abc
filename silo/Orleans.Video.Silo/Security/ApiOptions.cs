using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Orleans.Video.Silo.Security;

/// <summary>HTTP API access (configuration section "Api", env <c>Api__Key</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The configured admin key (header <c>X-Api-Key</c>, or a login cookie); more keys, with roles, are made with
    /// <c>POST /api/keys</c> or <c>orleans-video key create</c>.
    /// </summary>
    [Required(ErrorMessage = "Api:Key is required (env Api__Key); ./run.sh generates one under ./.data")]
    [MinLength(16, ErrorMessage = "Api:Key must be at least 16 characters")]
    [RegularExpression(@"^(?!.*change-me).*$", ErrorMessage = "Api:Key is still a placeholder from a template (it says change-me): set a random key, e.g. head -c 24 /dev/urandom | base64")]
    public string Key { get; set; } = "";

    /// <summary>
    /// Requests a second a key may make to <c>/api</c> from one address, on average; beyond it a 429. The web UI asks
    /// for about one snapshot a camera every 2 s, so a wall of 200 cameras needs 100.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:RequestsPerSecond must be between 1 and 1000000")]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a key may make at once above its rate (a page loading everything it shows).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:RequestBurst must be between 1 and 1000000")]
    public int RequestBurst { get; set; } = 1000;

    /// <summary>Requests a minute one address may make without a valid key (none, or a wrong one): guessing keys costs the guesser.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:UnauthenticatedPerMinute must be between 1 and 1000000")]
    public int UnauthenticatedPerMinute { get; set; } = 60;

    /// <summary>
    /// Origins (<c>https://video.example.com</c>) whose pages may use the login cookie besides the silo's own address as the
    /// browser reached it: for a proxy that rewrites <c>Host</c>. Empty by default.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Live streams (Server-Sent Events, live video WebSockets) one key may hold open on a silo. A web UI page holds up to
    /// 12 (4 event streams, 8 videos): 32 leaves room for a few pages and tabs.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:LiveStreamsPerKey must be between 1 and 1000000")]
    public int LiveStreamsPerKey { get; set; } = 32;

    /// <summary>Live streams a silo serves at once, all keys together.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:LiveStreamsPerSilo must be between 1 and 1000000")]
    public int LiveStreamsPerSilo { get; set; } = 500;

    /// <summary>Clip exports (an ffmpeg each, stream copy) a silo runs at once.</summary>
    [Range(1, 1000, ErrorMessage = "Api:ClipExportsPerSilo must be between 1 and 1000")]
    public int ClipExportsPerSilo { get; set; } = 4;

    /// <summary>The most bytes a request body may have unless its route allows more (job uploads), counted as read.</summary>
    [Range(1024, long.MaxValue, ErrorMessage = "Api:MaxBodyBytes must be at least 1024")]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Login attempts a minute from one address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Api:LoginsPerMinute must be between 1 and 1000000")]
    public int LoginsPerMinute { get; set; } = 10;

    /// <summary>
    /// Addresses (<c>10.1.2.3</c>) and ranges (<c>10.0.0.0/8</c>) of the proxies whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty (the default): no address is taken from a header, so behind a proxy
    /// every user shares the proxy's rate limits; only the scheme is (it can do no more than mark a cookie Secure).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The trusted proxies as addresses and ranges, and a message for each that is neither (naming its key).</summary>
    public (List<IPAddress> Addresses, List<IPNetwork> Networks, List<string> Errors) ParseTrustedProxies()
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        var errors = new List<string>();
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            var entry = TrustedProxies[i].Trim();
            if (entry.Contains('/'))
            {
                if (IPNetwork.TryParse(entry, out var network))
                {
                    networks.Add(network);
                    continue;
                }
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
                continue;
            }
            errors.Add($"{Section}:{nameof(TrustedProxies)}:{i} '{TrustedProxies[i]}' is neither an IP address (10.1.2.3) nor a range (10.0.0.0/8)");
        }
        return (addresses, networks, errors);
    }
}
