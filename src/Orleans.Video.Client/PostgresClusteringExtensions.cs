using Orleans.Hosting;

namespace Orleans.Video.Client;

/// <summary>Lets a client find the silos' gateways through the PostgreSQL membership table.</summary>
public static class PostgresClusteringExtensions
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql (the silos' storage uses the same).</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// ADO.NET clustering on <paramref name="connectionString"/>: the client reads the gateways from the membership
    /// table and never changes the schema (the silos apply it). Only clustering: no server, storage or reminders.
    /// </summary>
    public static IClientBuilder UseVideoPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
