using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Video.Storage;

namespace Orleans.Video.Silo.Health;

/// <summary>Ready only while PostgreSQL (membership, storage, reminders) answers.</summary>
public sealed class PostgresHealthCheck(IOptions<PostgresOptions> postgres) : IHealthCheck
{
    /// <summary>How long the check waits for PostgreSQL; a readiness probe must wait longer than this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            await using var connection = new NpgsqlConnection(postgres.Value.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL: {e.Message}");
        }
    }
}
