using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace Orleans.Video.Storage;

/// <summary>
/// Creates the database and applies the schema in the silo's first lifecycle stage, before membership,
/// grain storage or reminders read their queries from <c>OrleansQuery</c>.
/// </summary>
internal sealed partial class PostgresSchemaInitializer(
    IOptions<PostgresOptions> options,
    ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // PostgreSQL often starts next to the silos (run.sh, compose): wait a little for it rather than
    // failing the silo on the first refused connection.
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First, OnStartAsync);
    }

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ApplySchema)
        {
            LogSkipped();
            return;
        }

        var connectionString = settings.ConnectionString!;
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PostgresSchema.CreateDatabaseIfMissingAsync(connectionString, cancellationToken);
                await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
                LogApplied(PostgresSchema.ScriptNames.Count, attempt);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && TimeProvider.System.GetElapsedTime(started) < StartupDeadline)
            {
                LogRetrying(ex, attempt);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema applied ({ScriptCount} scripts, attempt {Attempt})")]
    private partial void LogApplied(int scriptCount, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema not applied: Postgres:ApplySchema is false")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not reachable yet (attempt {Attempt}); retrying")]
    private partial void LogRetrying(Exception exception, int attempt);
}
