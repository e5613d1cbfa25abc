using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// The client's address from the proxies named in <see cref="ApiOptions.TrustedProxies"/>: behind nginx or an ingress the
/// connection's address is the proxy's, so without this all users would share one login and one request bucket.
/// Applied by the forwarded-headers middleware that <c>UseVideoForwardedProto</c> puts first in the pipeline.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddVideoTrustedProxies(this IServiceCollection services)
    {
        // ApiOptions is bound (and validated at start) by AddVideoSecurity; this adds the proxies' rule to it.
        services.AddSingleton<IValidateOptions<ApiOptions>, TrustedProxiesValidator>();
        // After SecurityExtensions' rule (the scheme from anyone, addresses from no one), which stays when none is named.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ApiOptions>>((forwarded, api) => Apply(forwarded, api.Value));
        return services;
    }

    /// <summary>With proxies named: both headers, from them only.</summary>
    public static void Apply(ForwardedHeadersOptions forwarded, ApiOptions api)
    {
        var (addresses, networks, _) = api.ParseTrustedProxies();
        if (addresses.Count == 0 && networks.Count == 0)
        {
            return;
        }
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        addresses.ForEach(forwarded.KnownProxies.Add);
        networks.ForEach(forwarded.KnownIPNetworks.Add);
        // X-Forwarded-For is read from its end back while the address is a trusted proxy (a load balancer before nginx),
        // so the first untrusted one is the client: what a client writes into the header itself is never reached.
        forwarded.ForwardLimit = null;
    }
}
