namespace Orleans.Video.Cli.Connection;

/// <summary>Where the cluster is: the PostgreSQL holding its membership table, its cluster id, and how long to try.</summary>
internal sealed record ConnectionSettings(string ConnectionString, string ClusterId, TimeSpan ConnectTimeout);
