using System.CommandLine;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Connection;

/// <summary>
/// The global options that say which cluster to talk to, each falling back to the environment variable the
/// silo reads, then to what <c>./run.sh</c> starts, so the CLI finds a local cluster with no options at all.
/// </summary>
internal sealed class ConnectionOptions
{
    public const string PostgresVariable = "Postgres__ConnectionString";
    public const string ClusterIdVariable = "Silo__ClusterId";
    public const string TlsVariable = "Silo__Tls__";

    /// <summary>The private PostgreSQL that <c>./run.sh</c> starts.</summary>
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=55432;Database=orleans_video;Username=postgres";

    public const double DefaultConnectTimeoutSeconds = 15;

    // Recursive: accepted after any subcommand too ("orleans-video camera list --postgres ...").
    // No DefaultValueFactory for --postgres: help would print the resolved value, and it may hold a password.
    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = $"Npgsql connection string of the cluster's PostgreSQL (else ${PostgresVariable}, else the one ./run.sh starts)",
        HelpName = "connection string",
        Recursive = true,
    };

    private readonly Option<string?> _clusterId = new("--cluster-id")
    {
        Description = $"Orleans cluster id (else ${ClusterIdVariable}, else {VideoClientBuilderExtensions.DefaultClusterId})",
        HelpName = "id",
        Recursive = true,
    };

    // TLS, as a cluster with Silo:Tls requires: falling back to the silo's own variables, so the CLI in a silo's
    // container connects with the silo's certificate.
    private readonly Option<string?> _tlsCertificate = new("--tls-cert")
    {
        Description = $"This client's certificate (PEM or .pfx) for a cluster that requires TLS (else ${TlsVariable}Certificate)",
        HelpName = "file",
        Recursive = true,
    };

    private readonly Option<string?> _tlsKey = new("--tls-key")
    {
        Description = $"The PEM private key of --tls-cert, when not in the same file (else ${TlsVariable}Key)",
        HelpName = "file",
        Recursive = true,
    };

    private readonly Option<string?> _tlsCa = new("--tls-ca")
    {
        Description = $"The cluster's CA (PEM) the gateways' certificates must chain to (else ${TlsVariable}Ca)",
        HelpName = "file",
        Recursive = true,
    };

    private readonly Option<double> _connectTimeout = new("--connect-timeout")
    {
        Description = "Seconds to wait for the cluster before giving up",
        HelpName = "seconds",
        DefaultValueFactory = _ => DefaultConnectTimeoutSeconds,
        Recursive = true,
    };

    public ConnectionOptions()
    {
        _connectTimeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 600))
            {
                result.AddError("--connect-timeout must be in (0, 600] seconds");
            }
        });
    }

    public void AddTo(Command root)
    {
        root.Add(_postgres);
        root.Add(_clusterId);
        root.Add(_connectTimeout);
        root.Add(_tlsCertificate);
        root.Add(_tlsKey);
        root.Add(_tlsCa);
    }

    public ConnectionSettings Resolve(ParseResult parse) => new(
        FirstSet(parse.GetValue(_postgres), Environment.GetEnvironmentVariable(PostgresVariable)) ?? DefaultConnectionString,
        FirstSet(parse.GetValue(_clusterId), Environment.GetEnvironmentVariable(ClusterIdVariable)) ?? VideoClientBuilderExtensions.DefaultClusterId,
        TimeSpan.FromSeconds(parse.GetValue(_connectTimeout)),
        new ClusterTlsOptions
        {
            Certificate = FirstSet(parse.GetValue(_tlsCertificate), Environment.GetEnvironmentVariable(TlsVariable + "Certificate")),
            Key = FirstSet(parse.GetValue(_tlsKey), Environment.GetEnvironmentVariable(TlsVariable + "Key")),
            Ca = FirstSet(parse.GetValue(_tlsCa), Environment.GetEnvironmentVariable(TlsVariable + "Ca")),
            Password = Environment.GetEnvironmentVariable(TlsVariable + "Password"),
        });

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
