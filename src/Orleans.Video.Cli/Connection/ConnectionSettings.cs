using Orleans.Video.Client;

namespace Orleans.Video.Cli.Connection;

/// <summary>Where the cluster is: the PostgreSQL holding its membership table, its cluster id, how long to try, and the TLS it requires.</summary>
internal sealed record ConnectionSettings(string ConnectionString, string ClusterId, TimeSpan ConnectTimeout, ClusterTlsOptions? Tls = null);
