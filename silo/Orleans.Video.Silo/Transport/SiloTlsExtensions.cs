using Orleans.Connections.Security;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Transport;

/// <summary>Mutual TLS on the silo's connections with a certificate that is renewed while the silo runs.</summary>
public static class SiloTlsExtensions
{
    /// <summary>Every connection of this silo, to other silos and from clients, is TLS with a certificate from the cluster's CA.</summary>
    public static ISiloBuilder UseReloadingTls(this ISiloBuilder silo, CertificateReloader certificates) =>
        silo.UseTls(certificates.Certificate, options => Configure(options, certificates));

    /// <summary>
    /// <see cref="ClusterTls.Configure"/>'s rules, with the certificate and CA asked for at each handshake instead of
    /// captured once: Orleans keeps <see cref="TlsOptions.LocalCertificate"/> for the life of the process.
    /// </summary>
    public static void Configure(TlsOptions options, CertificateReloader certificates)
    {
        ClusterTls.Configure(options, certificates.Ca);
        options.LocalServerCertificateSelector = (_, _) => certificates.Certificate;
        options.LocalClientCertificateSelector = (_, _, _, _, _) => certificates.Certificate;
        options.RemoteCertificateValidation = (certificate, _, _) => ClusterTls.ChainsTo(certificate, certificates.Ca);
    }

    /// <summary>Looks at the certificate files every minute and takes renewed ones (<see cref="CertificateReloadService"/>).</summary>
    public static IServiceCollection AddCertificateReload(this IServiceCollection services, CertificateReloader certificates)
    {
        services.AddSingleton(certificates);
        services.AddHostedService<CertificateReloadService>();
        return services;
    }
}
