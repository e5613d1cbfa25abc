using System.Net;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// The reverse proxies in front of the silos (configuration "Api:TrustedProxies", env <c>Api__TrustedProxies__0</c>, …):
/// requests from them carry the client's address in <c>X-Forwarded-For</c>, which rate limits and the audit log then use.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = ApiOptions.Section;

    /// <summary>
    /// Addresses (<c>10.1.2.3</c>) and ranges (<c>10.0.0.0/8</c>) of the proxies whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty (the default): no address is taken from a header, so behind a proxy
    /// every user shares the proxy's rate limits; only the scheme is (it can do no more than mark a cookie Secure).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The entries as addresses and ranges, and a message for each that is neither (naming its key).</summary>
    public (List<IPAddress> Addresses, List<IPNetwork> Networks, List<string> Errors) Parse()
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
