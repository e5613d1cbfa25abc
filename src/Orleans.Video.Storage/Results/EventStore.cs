using System.Text;
using Npgsql;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The <c>video_events</c> table (deploy/sql/006-results.sql): one row per event, upserted while it lasts and frozen
/// once it ended; queried newest first for one camera or many; trimmed per camera by age and count.
/// </summary>
public sealed class EventStore(ResultsDatabase database)
{
    private const string Columns =
        "camera_id, event_id, kind, label, zone, track_id, start_time, end_time, last_seen, best_score, best_x, best_y, best_width, best_height, best_sequence, has_snapshot, track_number";

    // An event that ended is final: a late update for it (a frame acknowledged after the camera moved) changes nothing.
    // A snapshot, once stored, stays: an update without one keeps it.
    private const string UpsertSql = $"""
        INSERT INTO video_events AS e (service_id, {Columns})
        VALUES (@service, @camera, @id, @kind, @label, @zone, @track, @start, @end, @lastSeen, @score, @x, @y, @width, @height, @bestSequence, @snapshot, @number)
        ON CONFLICT (service_id, camera_id, event_id) DO UPDATE SET
            kind = excluded.kind, label = excluded.label, zone = excluded.zone, track_id = excluded.track_id, track_number = excluded.track_number,
            start_time = excluded.start_time, end_time = excluded.end_time, last_seen = excluded.last_seen,
            best_score = excluded.best_score, best_x = excluded.best_x, best_y = excluded.best_y,
            best_width = excluded.best_width, best_height = excluded.best_height, best_sequence = excluded.best_sequence,
            has_snapshot = e.has_snapshot OR excluded.has_snapshot
        WHERE e.end_time IS NULL
        RETURNING has_snapshot
        """;

    // Walking a camera's ended events oldest first (the reverse of the query order), the first (count - max) go,
    // and after them any that ended before the cutoff. Open events are never removed and never counted out.
    private const string TrimSql = """
        DELETE FROM video_events e
        USING (
            SELECT event_id FROM (
                SELECT event_id, end_time, row_number() OVER (ORDER BY start_time, event_id) AS oldest
                FROM video_events WHERE service_id = @service AND camera_id = @camera AND end_time IS NOT NULL) ended
            WHERE ended.oldest <= (SELECT count(*) FROM video_events WHERE service_id = @service AND camera_id = @camera) - @max
               OR ended.end_time < @cutoff
        ) doomed
        WHERE e.service_id = @service AND e.camera_id = @camera AND e.event_id = doomed.event_id
        RETURNING e.event_id, e.has_snapshot
        """;

    /// <summary>
    /// Stores new and changed events of one camera, in one transaction; returns them as stored (a snapshot kept),
    /// without those that had already ended.
    /// </summary>
    public async Task<List<VideoEvent>> UpsertAsync(string cameraId, IReadOnlyList<VideoEvent> events, CancellationToken cancellationToken = default)
    {
        var stored = new List<VideoEvent>(events.Count);
        if (events.Count == 0)
        {
            return stored;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var e in events)
        {
            if (e.CameraId != cameraId)
            {
                throw new ArgumentException($"event '{e.Id}' belongs to camera '{e.CameraId}', not '{cameraId}'", nameof(events));
            }
            await using var command = new NpgsqlCommand(UpsertSql, connection, transaction);
            var p = command.Parameters;
            p.AddWithValue("service", database.ServiceId);
            p.AddWithValue("camera", cameraId);
            p.AddWithValue("id", e.Id);
            p.AddWithValue("kind", (short)e.Kind);
            p.AddWithValue("label", e.Label);
            p.AddWithValue("zone", (object?)e.Zone ?? DBNull.Value);
            p.AddWithValue("track", e.TrackId);
            p.AddWithValue("number", e.TrackNumber);
            p.AddWithValue("start", e.Start.ToUniversalTime());
            p.AddWithValue("end", e.End is { } end ? end.ToUniversalTime() : DBNull.Value);
            p.AddWithValue("lastSeen", e.LastSeen.ToUniversalTime());
            p.AddWithValue("score", e.BestScore);
            p.AddWithValue("x", e.BestBox.X);
            p.AddWithValue("y", e.BestBox.Y);
            p.AddWithValue("width", e.BestBox.Width);
            p.AddWithValue("height", e.BestBox.Height);
            p.AddWithValue("bestSequence", e.BestSequence);
            p.AddWithValue("snapshot", e.HasSnapshot);
            if (await command.ExecuteScalarAsync(cancellationToken) is bool hasSnapshot)
            {
                stored.Add(e with { HasSnapshot = hasSnapshot });
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>A camera's events that have not ended.</summary>
    public async Task<List<VideoEvent>> OpenAsync(string cameraId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM video_events WHERE service_id = @service AND camera_id = @camera AND end_time IS NULL", connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("camera", cameraId);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>One event of a camera, or null.</summary>
    public async Task<VideoEvent?> GetAsync(string cameraId, string eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM video_events WHERE service_id = @service AND camera_id = @camera AND event_id = @id", connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("camera", cameraId);
        command.Parameters.AddWithValue("id", eventId);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Matching events of <paramref name="cameras"/> (every camera when null), newest first (<see cref="EventCursor.Order"/>).</summary>
    public async Task<EventPage> QueryAsync(IReadOnlyCollection<string>? cameras, EventQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder($"SELECT {Columns} FROM video_events WHERE service_id = @service");
        var p = command.Parameters;
        p.AddWithValue("service", database.ServiceId);
        CameraFilter.Append(sql, p, cameras);
        if (query.From is { } from)
        {
            sql.Append(" AND (end_time IS NULL OR end_time >= @from)");
            p.AddWithValue("from", from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            sql.Append(" AND start_time < @to");
            p.AddWithValue("to", to.ToUniversalTime());
        }
        if (query.Label is { } label)
        {
            sql.Append(" AND lower(label) = lower(@label)");
            p.AddWithValue("label", label);
        }
        if (query.Zone is { } zone)
        {
            sql.Append(" AND lower(zone) = lower(@zone)");
            p.AddWithValue("zone", zone);
        }
        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = @kind");
            p.AddWithValue("kind", (short)kind);
        }
        if (query.Before is { } cursor)
        {
            sql.Append(" AND start_time <= @at AND (start_time, camera_id, event_id) < (@at, @atCamera, @atId)");
            p.AddWithValue("at", cursor.Start.ToUniversalTime());
            p.AddWithValue("atCamera", cursor.CameraId);
            p.AddWithValue("atId", cursor.Id);
        }
        sql.Append(" ORDER BY start_time DESC, camera_id DESC, event_id DESC LIMIT @limit");
        p.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();
        var items = await ReadAsync(command, cancellationToken);
        return new EventPage(items, items.Count == query.Limit ? EventCursor.After(items[^1]) : null);
    }

    /// <summary>
    /// Deletes a camera's ended events that ended before <paramref name="cutoff"/>, then its oldest ended ones beyond
    /// <paramref name="maxPerCamera"/>; returns the removed ones' ids and whether each had a snapshot (which must go too).
    /// </summary>
    public async Task<List<(string Id, bool HasSnapshot)>> TrimAsync(string cameraId, DateTimeOffset cutoff, int maxPerCamera, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(TrimSql, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("camera", cameraId);
        command.Parameters.AddWithValue("max", (long)maxPerCamera);
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        var removed = new List<(string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            removed.Add((reader.GetString(0), reader.GetBoolean(1)));
        }
        return removed;
    }

    private static async Task<List<VideoEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<VideoEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new VideoEvent
            {
                CameraId = reader.GetString(0),
                Id = reader.GetString(1),
                Kind = (EventKind)reader.GetInt16(2),
                Label = reader.GetString(3),
                Zone = reader.IsDBNull(4) ? null : reader.GetString(4),
                TrackId = reader.GetInt64(5),
                Start = reader.GetFieldValue<DateTimeOffset>(6),
                End = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                LastSeen = reader.GetFieldValue<DateTimeOffset>(8),
                BestScore = reader.GetFloat(9),
                BestBox = new Box(reader.GetFloat(10), reader.GetFloat(11), reader.GetFloat(12), reader.GetFloat(13)),
                BestSequence = reader.GetInt64(14),
                HasSnapshot = reader.GetBoolean(15),
                TrackNumber = reader.GetInt64(16),
            });
        }
        return events;
    }
}
