using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Transport;

/// <summary>
/// The silo's certificate and the cluster's CA as the files hold them now. cert-manager renews a certificate in place
/// (15 days before it expires, by swapping the Secret volume's files) and a silo runs for months: reading them only at
/// start would let a long-running silo refuse, or be refused, once the old one expires. <see cref="Refresh"/> reads the
/// files again and takes them when their contents changed; new connections then show the new certificate (an open
/// connection keeps the one it was made with, which stays valid for the 15 days).
/// </summary>
public sealed class CertificateReloader
{
    private readonly ClusterTlsOptions _options;
    private readonly string _prefix;
    private volatile Loaded _current;
    // The contents last looked at, not timestamps: Kubernetes swaps a symlink, copies keep their times.
    private byte[] _fingerprint;

    /// <exception cref="ArgumentException">A file is missing or is not what it should be (the message names its key).</exception>
    public CertificateReloader(ClusterTlsOptions options, string prefix)
    {
        _options = options;
        _prefix = prefix;
        // Loaded first: it says which file is missing or wrong, naming its key.
        var (certificate, ca) = ClusterTls.Load(options, prefix);
        _current = new Loaded(certificate, ca);
        _fingerprint = Fingerprint();
    }

    /// <summary>The certificate (with its key) this silo shows on a new connection.</summary>
    public X509Certificate2 Certificate => _current.Certificate;

    /// <summary>The CA a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Ca => _current.Ca;

    /// <summary>
    /// Reads the files; takes them if they changed since the last look and load. A change that does not load (a key
    /// written before its certificate, a wrong file) keeps the certificate in use and is reported once.
    /// </summary>
    public RefreshResult Refresh()
    {
        byte[] fingerprint;
        try
        {
            fingerprint = Fingerprint();
        }
        catch (IOException e)
        {
            return new RefreshResult(false, e.Message);
        }
        if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
        {
            return new RefreshResult(false, null);
        }
        _fingerprint = fingerprint;
        try
        {
            var (certificate, ca) = ClusterTls.Load(_options, _prefix);
            // The previous certificate is not disposed: connections made with it may still be open.
            _current = new Loaded(certificate, ca);
            return new RefreshResult(true, null);
        }
        catch (ArgumentException e)
        {
            return new RefreshResult(false, e.Message);
        }
    }

    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in new[] { _options.Certificate, _options.Key, _options.Ca })
        {
            if (!string.IsNullOrWhiteSpace(path))
            {
                var bytes = File.ReadAllBytes(path);
                hash.AppendData(BitConverter.GetBytes(bytes.Length));
                hash.AppendData(bytes);
            }
        }
        return hash.GetHashAndReset();
    }

    private sealed record Loaded(X509Certificate2 Certificate, X509Certificate2Collection Ca);
}

/// <summary>What <see cref="CertificateReloader.Refresh"/> did: took new files, or could not (why), or neither (nothing changed).</summary>
public readonly record struct RefreshResult(bool Reloaded, string? Error);
