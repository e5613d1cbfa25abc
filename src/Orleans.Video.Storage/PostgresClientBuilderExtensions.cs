using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Orleans.Video.Storage;

/// <summary>Lets a client find the silos' gateways through the PostgreSQL membership table.</summary>
public static class PostgresClientBuilderExtensions
{
    /// <summary>
    /// ADO.NET clustering on <paramref name="connectionString"/>. Clients never change the schema:
    /// the silos apply it.
    /// </summary>
    public static IClientBuilder UseVideoPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresSiloBuilderExtensions.Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// As <see cref="UseVideoPostgresClustering(IClientBuilder, string)"/>, with the connection string
    /// bound from <c>Postgres:ConnectionString</c>.
    /// </summary>
    public static IClientBuilder UseVideoPostgresClustering(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        return builder.UseAdoNetClustering(options => options.Configure<IOptions<PostgresOptions>>((o, postgres) =>
        {
            o.Invariant = PostgresSiloBuilderExtensions.Invariant;
            o.ConnectionString = postgres.Value.ConnectionString;
        }));
    }
}
