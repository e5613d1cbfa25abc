using Orleans.Connections.Security;
using Orleans.Video.Client;
using Orleans.Video.Silo.Transport;

namespace Orleans.Video.Silo.Tests.Transport;

public sealed class CertificateReloaderTests : IDisposable
{
    private readonly TestCertificates _files = new();

    private ClusterTlsOptions Options => new() { Certificate = _files.CertificatePath, Key = _files.KeyPath, Ca = _files.CaPath };

    [Fact]
    public void A_renewed_certificate_is_taken_when_its_files_change_and_not_before()
    {
        var first = _files.Issue("silo");
        var reloader = new CertificateReloader(Options, "Silo:Tls:");
        Assert.Equal(first, reloader.Certificate.Thumbprint);
        Assert.Equal(new RefreshResult(false, null), reloader.Refresh());

        var renewed = _files.Issue("silo");
        Assert.NotEqual(first, renewed);
        Assert.Equal(new RefreshResult(true, null), reloader.Refresh());
        Assert.Equal(renewed, reloader.Certificate.Thumbprint);
        Assert.True(reloader.Certificate.HasPrivateKey);
        Assert.True(ClusterTls.ChainsTo(reloader.Certificate, reloader.Ca));
        Assert.Equal(new RefreshResult(false, null), reloader.Refresh());
    }

    [Fact]
    public void Files_that_do_not_load_keep_the_certificate_in_use_and_are_reported_once()
    {
        var first = _files.Issue("silo");
        var reloader = new CertificateReloader(Options, "Silo:Tls:");
        // A key written before its certificate: the pair does not match for a moment.
        var certificate = File.ReadAllText(_files.CertificatePath);
        _files.Issue("silo");
        File.WriteAllText(_files.CertificatePath, certificate);

        var result = reloader.Refresh();
        Assert.False(result.Reloaded);
        Assert.Contains("Silo:Tls:Certificate", result.Error, StringComparison.Ordinal);
        Assert.Equal(first, reloader.Certificate.Thumbprint);
        Assert.Equal(new RefreshResult(false, null), reloader.Refresh());

        // The certificate follows: the pair loads.
        var renewed = _files.Issue("silo");
        Assert.True(reloader.Refresh().Reloaded);
        Assert.Equal(renewed, reloader.Certificate.Thumbprint);
    }

    [Fact]
    public void Every_new_connection_is_handed_the_current_certificate_and_checked_against_the_current_ca()
    {
        _files.Issue("silo");
        var reloader = new CertificateReloader(Options, "Silo:Tls:");
        var tls = new TlsOptions();
        SiloTlsExtensions.Configure(tls, reloader);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, tls.RemoteCertificateMode);
        Assert.Equal(RemoteCertificateMode.RequireCertificate, tls.ClientCertificateMode);

        var renewed = _files.Issue("silo");
        Assert.True(reloader.Refresh().Reloaded);
        Assert.Equal(renewed, tls.LocalServerCertificateSelector!(null!, null!)!.Thumbprint);
        Assert.Equal(renewed, tls.LocalClientCertificateSelector!(null!, null!, null!, null!, null!)!.Thumbprint);
        Assert.True(tls.RemoteCertificateValidation!(reloader.Certificate, null!, System.Net.Security.SslPolicyErrors.None));

        // A certificate from another CA is refused.
        using var rogue = new TestCertificates();
        rogue.Issue("rogue");
        using var foreign = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(rogue.CertificatePath, rogue.KeyPath);
        Assert.False(tls.RemoteCertificateValidation!(foreign, null!, System.Net.Security.SslPolicyErrors.None));
    }

    [Fact]
    public void A_missing_file_at_start_names_its_key()
    {
        _files.Issue("silo");
        var options = Options;
        options.Ca = Path.Combine(_files.Directory, "missing.pem");
        var error = Assert.Throws<ArgumentException>(() => new CertificateReloader(options, "Silo:Tls:"));
        Assert.Contains("Silo:Tls:Ca", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
