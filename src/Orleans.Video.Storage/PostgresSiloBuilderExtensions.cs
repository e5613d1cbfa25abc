using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Storage;

/// <summary>Puts a silo's membership, grain state and reminders in PostgreSQL.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The grain storage Orleans' stream pub-sub (memory streams included) looks for.</summary>
    public const string PubSubStorageName = "PubSubStore";

    /// <summary>
    /// ADO.NET clustering, the <c>video</c> and <c>PubSubStore</c> grain storages, the <c>results</c> storage
    /// (detections and events, <see cref="ResultsGrainStorage"/>) and ADO.NET reminders
    /// on <paramref name="connectionString"/>; with <paramref name="applySchema"/> the silo creates the
    /// database if missing and applies <c>deploy/sql</c> before membership starts.
    /// </summary>
    public static ISiloBuilder UseVideoPostgres(this ISiloBuilder builder, string connectionString, bool applySchema = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddOptions<PostgresOptions>().Configure(options =>
        {
            options.ConnectionString = connectionString;
            options.ApplySchema = applySchema;
        });
        return builder.AddVideoPostgresProviders();
    }

    /// <summary>
    /// As <see cref="UseVideoPostgres(ISiloBuilder, string, bool)"/>, with the settings bound from the
    /// <c>Postgres</c> configuration section (<c>Postgres:ConnectionString</c>, <c>Postgres:ApplySchema</c>).
    /// A missing connection string fails the silo's start with a message naming the key.
    /// </summary>
    public static ISiloBuilder UseVideoPostgres(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName);
        return builder.AddVideoPostgresProviders();
    }

    private static ISiloBuilder AddVideoPostgresProviders(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PostgresOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>());

        // The providers read their connection string from PostgresOptions when their options are first
        // built, so a bad or missing setting surfaces as PostgresOptions' validation error.
        builder.UseAdoNetClustering(options => options.Configure<IOptions<PostgresOptions>>((o, postgres) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = postgres.Value.ConnectionString;
        }));
        builder.AddAdoNetGrainStorage(GrainStorageNames.Video, ConfigureGrainStorage);
        builder.AddAdoNetGrainStorage(PubSubStorageName, ConfigureGrainStorage);
        services.TryAddSingleton<ResultsDatabase>();
        services.TryAddSingleton<DetectionStore>();
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<Jobs.JobStore>();
        services.TryAddSingleton<Notifications.WebhookOutbox>();
        services.TryAddSingleton<Access.AuditStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrainStorage(GrainStorageNames.Results, (provider, _) => ActivatorUtilities.CreateInstance<ResultsGrainStorage>(provider));
        services.AddHostedService<DetectionRetention>();
        builder.UseAdoNetReminderService(options => options.Configure<IOptions<PostgresOptions>>((o, postgres) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = postgres.Value.ConnectionString;
        }));
        return builder;
    }

    private static void ConfigureGrainStorage(OptionsBuilder<AdoNetGrainStorageOptions> options)
    {
        options.Configure<IOptions<PostgresOptions>, Serializer>((o, postgres, serializer) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = postgres.Value.ConnectionString;
            // Orleans' binary serializer rather than the default JSON: several times smaller for the
            // product's [GenerateSerializer] records, and tolerant of added/removed [Id] members.
            // The price is that payloads are not readable in psql.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        });
    }
}
