using Npgsql;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Storage.Notifications;

/// <summary>A delivery for one webhook target, as added by the event log.</summary>
public sealed record OutboxEntry(string Target, string IdempotencyKey, string EventType, byte[] Body);

/// <summary>A delivery waiting in the outbox.</summary>
public sealed record OutboxDelivery(long Id, string IdempotencyKey, string EventType, byte[] Body, DateTimeOffset Created, int Attempts, DateTimeOffset NextAttempt);

/// <summary>A target's outbox and counters.</summary>
public sealed record OutboxTargetState(
    long Pending, DateTimeOffset? OldestPending, int HeadAttempts, DateTimeOffset? NextAttempt,
    long Delivered, long Rejected, long Dropped, DateTimeOffset? LastDelivered, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>
/// The webhook outbox (deploy/sql/008-notifications.sql): deliveries in the order they were added, per target, each
/// removed with its counter updated in one statement, so a count never disagrees with the rows.
/// </summary>
public sealed class WebhookOutbox(ResultsDatabase database)
{
    /// <summary>Follows a "doomed" CTE that deletes rows: counts them as the target's dropped deliveries, and answers how many.</summary>
    private const string CountDropped = """
        , n AS (SELECT count(*) AS n FROM doomed),
        counted AS (
            INSERT INTO video_webhook_targets (service_id, target, dropped) SELECT @service, @target, n FROM n WHERE n > 0
            ON CONFLICT (service_id, target) DO UPDATE SET dropped = video_webhook_targets.dropped + EXCLUDED.dropped)
        SELECT n FROM n
        """;

    /// <summary>
    /// Adds the deliveries (an idempotency key already waiting for its target is not added again), then trims each
    /// target's outbox to <paramref name="limit"/>, oldest first. Returns how many were trimmed, per target.
    /// </summary>
    public async Task<Dictionary<string, long>> AddAsync(IReadOnlyList<OutboxEntry> entries, int limit, CancellationToken cancellationToken = default)
    {
        var trimmed = new Dictionary<string, long>();
        if (entries.Count == 0)
        {
            return trimmed;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var entry in entries)
            {
                var insert = new NpgsqlBatchCommand("""
                    INSERT INTO video_webhook_outbox (service_id, target, idempotency_key, event_type, body)
                    VALUES (@service, @target, @key, @type, @body) ON CONFLICT DO NOTHING
                    """);
                insert.Parameters.AddWithValue("service", database.ServiceId);
                insert.Parameters.AddWithValue("target", entry.Target);
                insert.Parameters.AddWithValue("key", entry.IdempotencyKey);
                insert.Parameters.AddWithValue("type", entry.EventType);
                insert.Parameters.AddWithValue("body", entry.Body);
                batch.BatchCommands.Add(insert);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var target in entries.Select(entry => entry.Target).Distinct())
        {
            await using var trim = new NpgsqlCommand("""
                WITH doomed AS (
                    DELETE FROM video_webhook_outbox WHERE id IN (
                        SELECT id FROM video_webhook_outbox WHERE service_id = @service AND target = @target ORDER BY id DESC OFFSET @limit)
                    RETURNING 1)
                """ + CountDropped, connection);
            trim.Parameters.AddWithValue("service", database.ServiceId);
            trim.Parameters.AddWithValue("target", target);
            trim.Parameters.AddWithValue("limit", limit);
            if (await trim.ExecuteScalarAsync(cancellationToken) is long count and > 0)
            {
                trimmed[target] = count;
            }
        }
        return trimmed;
    }

    /// <summary>The oldest delivery waiting for <paramref name="target"/>; null when there is none.</summary>
    public async Task<OutboxDelivery?> HeadAsync(string target, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, idempotency_key, event_type, body, created, attempts, next_attempt FROM video_webhook_outbox
            WHERE service_id = @service AND target = @target ORDER BY id LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("target", target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6))
            : null;
    }

    /// <summary>The receiver accepted the delivery: it leaves the outbox.</summary>
    public Task DeliveredAsync(string target, long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RemoveAsync(target, id, "delivered = video_webhook_targets.delivered + 1, last_delivered = @now", null, now, cancellationToken);

    /// <summary>The receiver refused the delivery for good: it leaves the outbox, counted, with the reason.</summary>
    public Task RejectedAsync(string target, long id, string error, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RemoveAsync(target, id, "rejected = video_webhook_targets.rejected + 1, last_error = @error, last_error_at = @now", error, now, cancellationToken);

    /// <summary>The attempt failed: the delivery stays, due again at <paramref name="nextAttempt"/>.</summary>
    public async Task FailedAsync(string target, long id, string error, DateTimeOffset nextAttempt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var retry = new NpgsqlBatchCommand("UPDATE video_webhook_outbox SET attempts = attempts + 1, next_attempt = @next WHERE id = @id");
        retry.Parameters.AddWithValue("id", id);
        retry.Parameters.AddWithValue("next", nextAttempt);
        batch.BatchCommands.Add(retry);
        AddCount(batch, target, "last_error = @error, last_error_at = @now", error, now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops deliveries added before <paramref name="cutoff"/>, counted; returns how many.</summary>
    public async Task<long> DropOlderThanAsync(string target, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH doomed AS (
                DELETE FROM video_webhook_outbox WHERE service_id = @service AND target = @target AND created < @cutoff RETURNING 1)
            """ + CountDropped, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("target", target);
        command.Parameters.AddWithValue("cutoff", cutoff);
        return await command.ExecuteScalarAsync(cancellationToken) as long? ?? 0;
    }

    public async Task<OutboxTargetState> StateAsync(string target, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT o.pending, o.oldest, h.attempts, h.next_attempt, t.delivered, t.rejected, t.dropped, t.last_delivered, t.last_error, t.last_error_at
            FROM (SELECT count(*) AS pending, min(created) AS oldest FROM video_webhook_outbox WHERE service_id = @service AND target = @target) o
            LEFT JOIN LATERAL (SELECT attempts, next_attempt FROM video_webhook_outbox
                               WHERE service_id = @service AND target = @target ORDER BY id LIMIT 1) h ON true
            LEFT JOIN video_webhook_targets t ON t.service_id = @service AND t.target = @target
            """, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("target", target);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        long Long(int i) => reader.IsDBNull(i) ? 0 : reader.GetInt64(i);
        return new OutboxTargetState(
            reader.GetInt64(0), Time(1), reader.IsDBNull(2) ? 0 : reader.GetInt32(2), Time(3),
            Long(4), Long(5), Long(6), Time(7), reader.IsDBNull(8) ? null : reader.GetString(8), Time(9));
    }

    private async Task RemoveAsync(string target, long id, string counters, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var remove = new NpgsqlBatchCommand("DELETE FROM video_webhook_outbox WHERE id = @id");
        remove.Parameters.AddWithValue("id", id);
        batch.BatchCommands.Add(remove);
        AddCount(batch, target, counters, error, now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Updates the target's row, creating it first: <paramref name="set"/> names the columns.</summary>
    private void AddCount(NpgsqlBatch batch, string target, string set, string? error, DateTimeOffset now)
    {
        var create = new NpgsqlBatchCommand("INSERT INTO video_webhook_targets (service_id, target) VALUES (@service, @target) ON CONFLICT DO NOTHING");
        create.Parameters.AddWithValue("service", database.ServiceId);
        create.Parameters.AddWithValue("target", target);
        batch.BatchCommands.Add(create);
        var update = new NpgsqlBatchCommand($"UPDATE video_webhook_targets SET {set} WHERE service_id = @service AND target = @target");
        update.Parameters.AddWithValue("service", database.ServiceId);
        update.Parameters.AddWithValue("target", target);
        if (error is not null)
        {
            update.Parameters.AddWithValue("error", error);
        }
        update.Parameters.AddWithValue("now", now);
        batch.BatchCommands.Add(update);
    }
}
