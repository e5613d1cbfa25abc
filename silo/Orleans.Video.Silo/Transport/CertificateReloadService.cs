namespace Orleans.Video.Silo.Transport;

/// <summary>Looks at the TLS files every <see cref="Interval"/> and says in the log when the silo takes new ones, or cannot.</summary>
internal sealed partial class CertificateReloadService(CertificateReloader certificates, ILogger<CertificateReloadService> logger) : BackgroundService
{
    /// <summary>
    /// Often enough: cert-manager renews 15 days before expiry, and the kubelet itself updates a Secret volume only every
    /// minute or so. Each look reads three small files.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var result = certificates.Refresh();
            if (result.Reloaded)
            {
                LogReloaded(logger, certificates.Certificate.Subject, certificates.Certificate.NotAfter);
            }
            else if (result.Error is { } error)
            {
                LogNotReloaded(logger, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster TLS: new connections now use the renewed certificate {Subject}, valid until {NotAfter:u}")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster TLS: the certificate files changed but cannot be used, keeping the current certificate: {Error}")]
    private static partial void LogNotReloaded(ILogger logger, string error);
}
