using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Orleans.Video.Client;

/// <summary>
/// Mutual TLS on Orleans' connections (<c>Microsoft.Orleans.Connections.Security</c>): this end shows its
/// certificate, and accepts the other end's only when it chains to the cluster's CA. The same rules on silos (for
/// silo-to-silo and gateway connections) and clients.
/// </summary>
public static class ClusterTls
{
    public static IClientBuilder UseVideoTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        var (certificate, ca) = Load(options, "--tls-");
        return client.UseTls(certificate, tls => Configure(tls, ca));
    }

    /// <summary>Reads the certificate (with its key) and the CA; a missing or unreadable file throws with its path.</summary>
    /// <param name="prefix">How the settings are named where they are read ("Silo:Tls:", "--tls-"), for the messages.</param>
    /// <exception cref="ArgumentException">A file is missing, is not a certificate, or has no private key.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Ca) Load(ClusterTlsOptions options, string prefix)
    {
        if (options.Errors(prefix).FirstOrDefault() is { } error)
        {
            throw new ArgumentException(error);
        }
        X509Certificate2 certificate;
        try
        {
            var path = options.Certificate!;
            certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, options.Password)
                : X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(options.Key) ? null : options.Key);
        }
        // A key that is not the certificate's is an ArgumentException from the loader, which names neither file.
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new ArgumentException($"{prefix}Certificate '{options.Certificate}' cannot be read: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"{prefix}Certificate '{options.Certificate}' has no private key (give it in {prefix}Key)");
        }
        var ca = new X509Certificate2Collection();
        try
        {
            ca.ImportFromPemFile(options.Ca!);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new ArgumentException($"{prefix}Ca '{options.Ca}' cannot be read: {e.Message}", e);
        }
        if (ca.Count == 0)
        {
            throw new ArgumentException($"{prefix}Ca '{options.Ca}' holds no certificate");
        }
        return (certificate, ca);
    }

    /// <summary>Both ends must show a certificate, and it must chain to <paramref name="ca"/>.</summary>
    public static void Configure(TlsOptions tls, X509Certificate2Collection ca)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The platform's own verdict (untrusted root, a name that is not the address) is replaced by this one.
        tls.RemoteCertificateValidation = (certificate, _, _) => ChainsTo(certificate, ca);
    }

    /// <summary>Whether <paramref name="certificate"/> is valid now and issued, directly or not, by one of <paramref name="ca"/>.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        // A private CA publishes no revocation list; its certificates are short-lived instead (cert-manager renews them).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
