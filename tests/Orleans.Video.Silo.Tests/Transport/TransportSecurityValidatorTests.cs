using Orleans.Video.Client;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Transport;

namespace Orleans.Video.Silo.Tests.Transport;

public sealed class TransportSecurityValidatorTests
{
    [Fact]
    public void A_silo_on_loopback_starts_without_tls()
    {
        Assert.Null(TransportSecurityValidator.Refusal(new SiloHostOptions()));
        Assert.Null(TransportSecurityValidator.Refusal(new SiloHostOptions { AdvertisedAddress = "::1" }));
    }

    [Theory]
    [InlineData("auto", false, "Silo:AdvertisedAddress is \"auto\"")]
    [InlineData("10.1.2.3", false, "Silo:AdvertisedAddress 10.1.2.3 is not a loopback address")]
    [InlineData("127.0.0.1", true, "Silo:ListenOnAnyAddress is true")]
    public void A_silo_reachable_from_other_machines_without_tls_refuses_naming_the_settings(string advertised, bool anyAddress, string exposure)
    {
        var options = new SiloHostOptions { AdvertisedAddress = advertised, ListenOnAnyAddress = anyAddress };
        var refusal = TransportSecurityValidator.Refusal(options);
        Assert.NotNull(refusal);
        Assert.StartsWith(exposure, refusal, StringComparison.Ordinal);
        Assert.Contains("Silo:Tls:Certificate", refusal, StringComparison.Ordinal);
        Assert.Contains("Silo:AllowInsecure=true", refusal, StringComparison.Ordinal);
        Assert.True(new TransportSecurityValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Tls_or_saying_insecure_on_purpose_lets_it_start()
    {
        Assert.Null(TransportSecurityValidator.Refusal(new SiloHostOptions { ListenOnAnyAddress = true, AllowInsecure = true }));
        var tls = new ClusterTlsOptions { Certificate = "/etc/orleans-video/tls/tls.crt", Ca = "/etc/orleans-video/tls/ca.crt" };
        Assert.Null(TransportSecurityValidator.Refusal(new SiloHostOptions { AdvertisedAddress = "auto", ListenOnAnyAddress = true, Tls = tls }));
    }
}
