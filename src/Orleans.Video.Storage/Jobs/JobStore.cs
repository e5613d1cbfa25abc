// Over 300 lines: the SQL of the job tables, written out (chunks and events, each stored, read in media order,
// paged by cursor, counted and removed) beside the code that binds it.
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Npgsql;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Storage.Jobs;

/// <summary>
/// The job tables (deploy/sql/007-jobs.sql): a row per analysed chunk, a row per event; read in media order. Media
/// times are stored as ticks, and a chunk's frames in <see cref="DetectionChunk"/>'s format with the frame number as
/// the sequence and the media time as ticks since 0001-01-01.
/// </summary>
public sealed class JobStore(ResultsDatabase database)
{
    /// <summary>Chunks read per round trip while a page is filled.</summary>
    private const int ChunksPerRead = 16;

    private const string EventColumns =
        "event_id, kind, label, zone, track_id, start_ticks, end_ticks, best_score, best_x, best_y, best_width, best_height, best_frame";

    public async Task AppendChunksAsync(string jobId, IReadOnlyList<StoredJobChunk> chunks, CancellationToken cancellationToken = default)
    {
        if (chunks.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var chunk in chunks)
        {
            var frames = chunk.Frames.Where(frame => frame.Detections.Count > 0)
                .Select(frame => new StoredFrame(frame.Frame, new DateTimeOffset(frame.Time.Ticks, TimeSpan.Zero), [.. frame.Detections]))
                .OrderBy(frame => frame.Sequence).ToList();
            var command = new NpgsqlBatchCommand("""
                INSERT INTO video_job_chunks (service_id, job_id, chunk, first_frame, frame_count, frames_analysed, first_ticks, last_ticks, labels, frames)
                VALUES (@service, @job, @chunk, @first, @count, @analysed, @firstTicks, @lastTicks, @labels, @frames)
                ON CONFLICT DO NOTHING
                """);
            var p = command.Parameters;
            p.AddWithValue("service", database.ServiceId);
            p.AddWithValue("job", jobId);
            p.AddWithValue("chunk", chunk.Index);
            p.AddWithValue("first", chunk.FirstFrame);
            p.AddWithValue("count", chunk.FrameCount);
            p.AddWithValue("analysed", chunk.FramesAnalysed);
            p.AddWithValue("firstTicks", frames.Count > 0 ? frames[0].Timestamp.UtcTicks : 0L);
            p.AddWithValue("lastTicks", frames.Count > 0 ? frames[^1].Timestamp.UtcTicks : 0L);
            p.AddWithValue("labels", DetectionChunk.Labels(frames));
            p.AddWithValue("frames", frames.Count > 0 ? DetectionChunk.Encode(frames) : []);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stored chunks with index in [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    public async Task<List<StoredJobChunk>> ReadChunksAsync(string jobId, int from, int to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT chunk, first_frame, frame_count, frames_analysed, frames FROM video_job_chunks
            WHERE service_id = @service AND job_id = @job AND chunk >= @from AND chunk < @to ORDER BY chunk
            """, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var chunks = new List<StoredJobChunk>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            chunks.Add(new StoredJobChunk(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), Frames(reader.GetFieldValue<byte[]>(4))));
        }
        return chunks;
    }

    /// <summary>
    /// Detections in media order (time, frame, index) within the query's range and label. The cursor is the last
    /// detection returned, "frame.index".
    /// </summary>
    public async Task<JobPage<JobDetection>> QueryDetectionsAsync(string jobId, JobQuery query, CancellationToken cancellationToken = default)
    {
        var (afterFrame, afterIndex) = DetectionCursor(query.After);
        var from = query.From?.Ticks ?? 0;
        var to = query.To?.Ticks ?? long.MaxValue;
        var label = query.Label?.ToLowerInvariant();
        var items = new List<JobDetection>(Math.Min(query.Limit, 1000) + 1);
        var nextChunk = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        while (items.Count <= query.Limit)
        {
            // Only chunks with a matching detection are read: their first and last frame times bound what they hold.
            await using var command = new NpgsqlCommand("""
                SELECT chunk, frames FROM video_job_chunks
                WHERE service_id = @service AND job_id = @job AND chunk >= @chunk AND first_frame + frame_count > @afterFrame
                  AND cardinality(labels) > 0 AND last_ticks >= @from AND first_ticks < @to
                  AND (@label::text IS NULL OR labels @> ARRAY[@label::text])
                ORDER BY chunk LIMIT @limit
                """, connection);
            var p = command.Parameters;
            p.AddWithValue("service", database.ServiceId);
            p.AddWithValue("job", jobId);
            p.AddWithValue("chunk", nextChunk);
            p.AddWithValue("afterFrame", afterFrame);
            p.AddWithValue("from", from);
            p.AddWithValue("to", to);
            p.AddWithValue("label", (object?)label ?? DBNull.Value);
            p.AddWithValue("limit", ChunksPerRead);
            var read = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    nextChunk = reader.GetInt32(0) + 1;
                    foreach (var frame in Frames(reader.GetFieldValue<byte[]>(1)))
                    {
                        if (frame.Time.Ticks < from || frame.Time.Ticks >= to || frame.Frame < afterFrame)
                        {
                            continue;
                        }
                        for (var i = 0; i < frame.Detections.Count; i++)
                        {
                            var d = frame.Detections[i];
                            if ((frame.Frame > afterFrame || i > afterIndex) && (label is null || d.Label.Equals(label, StringComparison.OrdinalIgnoreCase)))
                            {
                                items.Add(new JobDetection(frame.Frame, frame.Time, i, d.Label, d.Score, d.Box));
                            }
                        }
                    }
                }
            }
            if (read < ChunksPerRead)
            {
                break;
            }
        }
        if (items.Count <= query.Limit)
        {
            return new JobPage<JobDetection>(items, null);
        }
        var last = items[query.Limit - 1];
        return new JobPage<JobDetection>(items[..query.Limit], string.Create(CultureInfo.InvariantCulture, $"{last.Frame}.{last.Index}"));
    }

    public async Task UpsertEventsAsync(string jobId, IReadOnlyList<JobEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var e in events)
        {
            var command = new NpgsqlBatchCommand($"""
                INSERT INTO video_job_events (service_id, job_id, {EventColumns})
                VALUES (@service, @job, @id, @kind, @label, @zone, @track, @start, @end, @score, @x, @y, @width, @height, @frame)
                ON CONFLICT (service_id, job_id, event_id) DO UPDATE SET
                    kind = excluded.kind, label = excluded.label, zone = excluded.zone, track_id = excluded.track_id,
                    start_ticks = excluded.start_ticks, end_ticks = excluded.end_ticks, best_score = excluded.best_score,
                    best_x = excluded.best_x, best_y = excluded.best_y, best_width = excluded.best_width,
                    best_height = excluded.best_height, best_frame = excluded.best_frame
                """);
            var p = command.Parameters;
            p.AddWithValue("service", database.ServiceId);
            p.AddWithValue("job", jobId);
            p.AddWithValue("id", e.Id);
            p.AddWithValue("kind", (short)e.Kind);
            p.AddWithValue("label", e.Label);
            p.AddWithValue("zone", (object?)e.Zone ?? DBNull.Value);
            p.AddWithValue("track", e.TrackId);
            p.AddWithValue("start", e.Start.Ticks);
            p.AddWithValue("end", e.End is { } end ? end.Ticks : DBNull.Value);
            p.AddWithValue("score", e.BestScore);
            p.AddWithValue("x", e.BestBox.X);
            p.AddWithValue("y", e.BestBox.Y);
            p.AddWithValue("width", e.BestBox.Width);
            p.AddWithValue("height", e.BestBox.Height);
            p.AddWithValue("frame", e.BestFrame);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Events in order of start (then id), within the query's range (by start), label, kind and zone. The cursor is "ticks.base64url(id)".</summary>
    public async Task<JobPage<JobEvent>> QueryEventsAsync(string jobId, JobQuery query, CancellationToken cancellationToken = default)
    {
        var (afterTicks, afterId) = EventCursor(query.After);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {EventColumns} FROM video_job_events
            WHERE service_id = @service AND job_id = @job AND start_ticks >= @from AND start_ticks < @to
              AND (@label::text IS NULL OR lower(label) = @label::text) AND (@kind::smallint IS NULL OR kind = @kind::smallint)
              AND (@zone::text IS NULL OR lower(zone) = @zone::text)
              AND (start_ticks, event_id) > (@afterTicks, @afterId)
            ORDER BY start_ticks, event_id LIMIT @limit
            """, connection);
        var p = command.Parameters;
        p.AddWithValue("service", database.ServiceId);
        p.AddWithValue("job", jobId);
        p.AddWithValue("from", query.From?.Ticks ?? 0L);
        p.AddWithValue("to", query.To?.Ticks ?? long.MaxValue);
        p.AddWithValue("label", (object?)query.Label?.ToLowerInvariant() ?? DBNull.Value);
        p.AddWithValue("kind", query.Kind is { } kind ? (short)kind : DBNull.Value);
        p.AddWithValue("zone", (object?)query.Zone?.ToLowerInvariant() ?? DBNull.Value);
        p.AddWithValue("afterTicks", afterTicks);
        p.AddWithValue("afterId", afterId);
        p.AddWithValue("limit", query.Limit + 1);
        var items = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new JobEvent(
                Id: reader.GetString(0),
                Kind: (EventKind)reader.GetInt16(1),
                Label: reader.GetString(2),
                Zone: reader.IsDBNull(3) ? null : reader.GetString(3),
                TrackId: reader.GetInt64(4),
                Start: new TimeSpan(reader.GetInt64(5)),
                End: reader.IsDBNull(6) ? null : new TimeSpan(reader.GetInt64(6)),
                BestScore: reader.GetFloat(7),
                BestBox: new Box(reader.GetFloat(8), reader.GetFloat(9), reader.GetFloat(10), reader.GetFloat(11)),
                BestFrame: reader.GetInt64(12)));
        }
        if (items.Count <= query.Limit)
        {
            return new JobPage<JobEvent>(items, null);
        }
        var last = items[query.Limit - 1];
        var next = string.Create(CultureInfo.InvariantCulture, $"{last.Start.Ticks}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(last.Id))}");
        return new JobPage<JobEvent>(items[..query.Limit], next);
    }

    public async Task<int> CountEventsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM video_job_events WHERE service_id = @service AND job_id = @job", connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("job", jobId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Removes every row of the job.</summary>
    public async Task DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var table in new[] { "video_job_chunks", "video_job_events" })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE service_id = @service AND job_id = @job");
            command.Parameters.AddWithValue("service", database.ServiceId);
            command.Parameters.AddWithValue("job", jobId);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether a cursor is one <see cref="QueryDetectionsAsync"/> or <see cref="QueryEventsAsync"/> could have made.</summary>
    public static bool IsCursor(string? cursor, bool events)
    {
        try
        {
            if (events)
            {
                _ = EventCursor(cursor);
            }
            else
            {
                _ = DetectionCursor(cursor);
            }
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static List<JobFrame> Frames(byte[] bytes) => bytes.Length == 0
        ? []
        : [.. DetectionChunk.Decode(bytes).Select(frame => new JobFrame(frame.Sequence, new TimeSpan(frame.Timestamp.UtcTicks), frame.Detections))];

    private static (long Frame, int Index) DetectionCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (-1, int.MaxValue);
        }
        var parts = cursor.Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var frame)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (frame, index)
            : throw new FormatException("cursor is not one this API returned");
    }

    private static (long Ticks, string Id) EventCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return (-1, "");
        }
        var parts = cursor.Split('.');
        try
        {
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (ticks, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])))
                : throw new FormatException("cursor is not one this API returned");
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException("cursor is not one this API returned", e);
        }
    }
}
