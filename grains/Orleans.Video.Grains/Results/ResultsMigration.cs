using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Results;

/// <summary>
/// Moves detections and events stored by versions before the results tables (grain state rows in
/// <c>orleans_storage</c>) into <c>video_detections</c> and <c>video_events</c>, in the background once a silo is
/// active and hourly after (old silos still running during a roll keep writing such rows): one silo at a time, a
/// row at a time, each row deleted once its contents are in. Every step can be repeated (the tables ignore a frame
/// stored before and an event that ended), so a silo killed midway loses nothing.
/// </summary>
public sealed partial class ResultsMigration(
    ResultsDatabase database,
    DetectionStore detections,
    EventStore events,
    Serializer serializer,
    IOptions<DetectionStorageOptions> options,
    TimeProvider clock,
    ILogger<ResultsMigration> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // Any fixed number: silos take turns, and a silo that finds the lock taken leaves the work to its holder.
    private const long LockKey = 0x4F_56_4D_69_67_72; // "OVMigr"
    private const int RowsPerRound = 20;
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(ResultsMigration),
        ServiceLifecycleStage.Active,
        _ =>
        {
            _running = Task.Run(() => RunInBackgroundAsync(_stopping.Token));
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            await _running;
        });

    /// <summary>Moves every legacy row of this service; returns the number of rows moved, or null when another silo holds the lock.</summary>
    public async Task<int?> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({LockKey})", cancellationToken))
        {
            return null;
        }
        try
        {
            var moved = 0;
            while (await NextRowsAsync(connection, cancellationToken) is { Count: > 0 } rows)
            {
                foreach (var row in rows)
                {
                    await MoveAsync(row, cancellationToken);
                    await DeleteAsync(connection, row, cancellationToken);
                    moved++;
                }
            }
            // The per-camera indexes of buckets: nothing to move, the table indexes itself.
            await using var indexes = Command(connection, "DELETE FROM orleans_storage WHERE service_id = @service AND grain_type = 'detection-index'");
            await indexes.ExecuteNonQueryAsync(cancellationToken);
            return moved;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private sealed record LegacyRow(string StateName, long N0, long N1, string Key, byte[]? Payload);

    private async Task RunInBackgroundAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            do
            {
                try
                {
                    if (await RunAsync(cancellationToken) is > 0 and var moved)
                    {
                        LogMoved(logger, moved);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The rows stay where they were; the next round tries again.
                    LogFailed(logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<List<LegacyRow>> NextRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT grain_type, grain_id_n0, grain_id_n1, grain_id_extension, payload FROM orleans_storage
            WHERE service_id = @service AND grain_type IN ('detections', 'events') LIMIT {RowsPerRound}
            """);
        var rows = new List<LegacyRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LegacyRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4)));
        }
        return rows;
    }

    private async Task MoveAsync(LegacyRow row, CancellationToken cancellationToken)
    {
        if (row.Payload is null)
        {
            return; // cleared by retention: only the row's version was left
        }
        var stored = new OrleansGrainStorageSerializer(serializer);
        if (row.StateName == "events")
        {
            await events.UpsertAsync(row.Key, (stored.Deserialize<LegacyEventLog>(new BinaryData(row.Payload))?.Events ?? []), cancellationToken);
            return;
        }
        // "{camera}/{minuteStart}": camera ids hold no '/'.
        var camera = row.Key[..row.Key.LastIndexOf('/')];
        var maxAge = options.Value.MaxAge;
        var oldest = maxAge > TimeSpan.Zero ? clock.GetUtcNow() - maxAge : DateTimeOffset.MinValue;
        var frames = (stored.Deserialize<LegacyDetectionBucket>(new BinaryData(row.Payload))?.Frames ?? [])
            .Where(frame => frame.Timestamp >= oldest)
            .Select(frame => new StoredFrame(frame.Sequence, frame.Timestamp, frame.Detections))
            .ToArray();
        await detections.AppendAsync(camera, frames, cancellationToken);
    }

    private async Task DeleteAsync(NpgsqlConnection connection, LegacyRow row, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            DELETE FROM orleans_storage WHERE service_id = @service AND grain_type = @type
            AND grain_id_n0 = @n0 AND grain_id_n1 = @n1 AND grain_id_extension = @key
            """);
        command.Parameters.AddWithValue("type", row.StateName);
        command.Parameters.AddWithValue("n0", row.N0);
        command.Parameters.AddWithValue("n1", row.N1);
        command.Parameters.AddWithValue("key", row.Key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        return command;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Rows} stored detection buckets and event lists into the results tables")]
    private static partial void LogMoved(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving stored results into the results tables stopped; it goes on within the hour: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
