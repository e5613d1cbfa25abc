using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Video.Storage;

namespace Orleans.Video.Silo.Health;

/// <summary>
/// Degraded while PostgreSQL (membership, storage, reminders) does not answer: still 200, so the silo stays behind its
/// Service and goes on serving what needs no database (live video, cameras' status) while results wait in memory;
/// the body names PostgreSQL. A silo that is not an active member is unready (<see cref="MembershipHealthCheck"/>).
/// </summary>
/// <remarks>
/// A stalled server (host frozen, disk blocked) accepts connections and answers nothing, and a cancelled statement
/// then waits for a cancel request the server never reads: the check opens a connection of its own, outside the
/// pool, stops waiting at <see cref="Timeout"/> whatever Npgsql is still doing, and gives Npgsql's own connect and
/// command timeouts a second more so that they only free the connection. Npgsql's timeout can still come first on a
/// loaded machine: it reads the same.
/// </remarks>
public sealed class PostgresHealthCheck(IOptions<PostgresOptions> postgres) : IHealthCheck
{
    /// <summary>How long the check waits for PostgreSQL; a readiness probe must wait longer than this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(postgres.Value.ConnectionString)
    {
        Pooling = false,
        Timeout = (int)Timeout.TotalSeconds + 1,
        CommandTimeout = (int)Timeout.TotalSeconds + 1,
        CancellationTimeout = -1, // do not wait for the server to confirm a cancel
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await SelectOneAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (IsTimeout(e))
        {
            return HealthCheckResult.Degraded($"PostgreSQL: no answer within {Timeout.TotalSeconds:0} s (the server or its host is stalled, or the network drops packets)");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded($"PostgreSQL: {e.Message}");
        }
    }

    // Npgsql wraps its own timeout: "The operation has timed out" with a TimeoutException inside.
    private static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    private async Task SelectOneAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
