using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Tests.Security;

public sealed class TrustedProxyTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("172.30.80.10");

    [Fact]
    public void Addresses_and_ranges_parse_and_anything_else_is_named_by_its_key()
    {
        var options = new ApiOptions { TrustedProxies = ["10.0.0.0/8", " 172.30.80.10 ", "fd00::/8", "10.0.0.0/33", "nginx"] };
        var (addresses, networks, errors) = options.ParseTrustedProxies();
        Assert.Equal([Proxy], addresses);
        Assert.Equal([System.Net.IPNetwork.Parse("10.0.0.0/8"), System.Net.IPNetwork.Parse("fd00::/8")], networks);
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Api:TrustedProxies:3 '10.0.0.0/33'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Api:TrustedProxies:4 'nginx'", errors[1], StringComparison.Ordinal);
        Assert.True(new TrustedProxiesValidator().Validate(null, options).Failed);
        Assert.False(new TrustedProxiesValidator().Validate(null, new ApiOptions()).Failed);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_s_address_and_scheme_are_the_request_s()
    {
        var context = await ForwardAsync(["172.30.80.0/24"], Proxy, forwardedFor: "198.51.100.7, 203.0.113.5");
        // Read from the end: the proxy's own entry is the client; what the client wrote before it is not believed.
        Assert.Equal(IPAddress.Parse("203.0.113.5"), context.Connection.RemoteIpAddress);
        Assert.Equal("https", context.Request.Scheme);
    }

    [Fact]
    public async Task Forwarded_addresses_from_anyone_else_are_ignored()
    {
        var stranger = IPAddress.Parse("203.0.113.9");
        var context = await ForwardAsync(["172.30.80.10"], stranger, forwardedFor: "198.51.100.7");
        Assert.Equal(stranger, context.Connection.RemoteIpAddress);
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task With_no_proxy_named_only_the_scheme_is_taken_from_the_headers()
    {
        var context = await ForwardAsync([], Proxy, forwardedFor: "198.51.100.7");
        Assert.Equal(Proxy, context.Connection.RemoteIpAddress);
        Assert.Equal("https", context.Request.Scheme);
    }

    /// <summary>A request through the forwarded-headers middleware as the silo configures it.</summary>
    private static async Task<HttpContext> ForwardAsync(string[] trusted, IPAddress from, string forwardedFor)
    {
        // The proxies are part of the Api section, whose key is required.
        var settings = trusted.Select((entry, i) => KeyValuePair.Create($"Api:TrustedProxies:{i}", (string?)entry))
            .Append(KeyValuePair.Create("Api:Key", (string?)"trusted-proxy-tests-key-0123456789"));
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddVideoSecurity()
            .AddVideoTrustedProxies()
            .BuildServiceProvider();
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = from;
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance,
            services.GetRequiredService<IOptions<ForwardedHeadersOptions>>());
        await middleware.Invoke(context);
        return context;
    }
}
