using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The <c>video_detections</c> table (deploy/sql/006-results.sql): frames appended once, in chunks of about a second
/// (<see cref="DetectionChunk"/>), queried newest first for one camera or many, and dropped a day at a time.
/// </summary>
public sealed class DetectionStore(ResultsDatabase database)
{
    private const string Table = "video_detections";

    // Any fixed number: silos creating the same day's partition take turns instead of racing on the catalog.
    private const long PartitionLockKey = 0x4F_56_50_61_72_74; // "OVPart"

    // What a label query needs from string_to_array: a separator no label holds.
    private const char LabelSeparator = '\u001f';

    private const string AppendSql = $"""
        INSERT INTO {Table} (service_id, camera_id, first_time, last_time, first_sequence, labels, frames)
        SELECT @service, @camera, c.first_time, c.last_time, c.first_sequence, string_to_array(c.labels, chr(31)), c.frames
        FROM unnest(@firstTimes, @lastTimes, @firstSequences, @labels, @frames) AS c(first_time, last_time, first_sequence, labels, frames)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Chunks read a query at a time: a page of 100 detections takes about 15 at the demo's rates.</summary>
    private const int ChunksPerRead = 64;

    /// <summary>
    /// Stores a camera's frames that found something, as chunks of at most <see cref="DetectionChunk.MaxSpan"/>; a
    /// chunk stored before (a write retried after it went through) is left as it is. A day's partition is created
    /// by the first write that needs it.
    /// </summary>
    public async Task AppendAsync(string cameraId, IEnumerable<StoredFrame> frames, CancellationToken cancellationToken = default)
    {
        var chunks = DetectionChunk.Split(frames);
        if (chunks.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await InsertAsync(connection, cameraId, chunks, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.TableName == Table)
        {
            // "no partition of relation found for row": the first chunk of a day.
            await CreatePartitionsAsync(connection, chunks.Select(chunk => Day(chunk[^1].Timestamp)).Distinct(), cancellationToken);
            await InsertAsync(connection, cameraId, chunks, cancellationToken);
        }
    }

    /// <summary>
    /// Matching detections of <paramref name="cameras"/> (every camera when null), newest first: by frame time, then
    /// camera, then sequence, all descending, then by position within the frame.
    /// </summary>
    /// <remarks>
    /// Chunks are read newest last frame first; a chunk reaches back at most <see cref="DetectionChunk.MaxSpan"/>, so once
    /// a chunk ending at T is read, no chunk still unread holds a frame after T, and the frames after T that were read
    /// are in their final order. Frames wait in a queue until then.
    /// </remarks>
    public async Task<DetectionPage> QueryAsync(IReadOnlyCollection<string>? cameras, DetectionQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        var results = new List<DetectionRecord>(query.Limit);
        var waiting = new PriorityQueue<(string Camera, StoredFrame Frame), (string Camera, StoredFrame Frame)>(NewestFirst.Instance);
        (string Camera, StoredFrame Frame)? lastEmitted = null;
        (DateTimeOffset LastTime, string Camera, long FirstSequence)? continueAfter = null;
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            await using var command = QueryCommand(connection, cameras, query, continueAfter);
            var read = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    read++;
                    var camera = reader.GetString(0);
                    var lastTime = reader.GetFieldValue<DateTimeOffset>(1);
                    continueAfter = (lastTime, camera, reader.GetInt64(2));
                    foreach (var frame in DetectionChunk.Decode(reader.GetFieldValue<byte[]>(3)))
                    {
                        if (Wanted(query, camera, frame))
                        {
                            waiting.Enqueue((camera, frame), (camera, frame));
                        }
                    }
                    // No unread chunk holds a frame at or after the microsecond past this chunk's (stored, truncated) end.
                    if (Emit(waiting, lastTime.AddTicks(10), query, results, ref lastEmitted))
                    {
                        return Page(results);
                    }
                }
            }
            if (read < ChunksPerRead)
            {
                Emit(waiting, DateTimeOffset.MinValue, query, results, ref lastEmitted);
                return results.Count == query.Limit ? Page(results) : new DetectionPage(results, null);
            }
        }
    }

    private static DetectionPage Page(List<DetectionRecord> results)
    {
        var last = results[^1];
        return new DetectionPage(results, new DetectionCursor(last.Timestamp, last.Sequence, last.Index, last.CameraId));
    }

    /// <summary>Whether a frame is in the query's time range and after its cursor (the cursor's own frame counts: detections after its index remain).</summary>
    private static bool Wanted(DetectionQuery query, string camera, StoredFrame frame) =>
        (query.From is not { } from || frame.Timestamp >= from)
        && (query.To is not { } to || frame.Timestamp < to)
        && (query.Before is not { } cursor || NewestFirst.Compare(camera, frame.Timestamp, frame.Sequence, cursor.CameraId, cursor.Timestamp, cursor.Sequence) >= 0);

    /// <summary>Moves the waiting frames at or after <paramref name="safe"/> into the results, in order; true once the page is full.</summary>
    private static bool Emit(PriorityQueue<(string Camera, StoredFrame Frame), (string Camera, StoredFrame Frame)> waiting, DateTimeOffset safe,
        DetectionQuery query, List<DetectionRecord> results, ref (string Camera, StoredFrame Frame)? lastEmitted)
    {
        while (waiting.TryPeek(out var next, out _) && next.Frame.Timestamp >= safe)
        {
            waiting.Dequeue();
            var (camera, frame) = next;
            if (lastEmitted is { } previous && previous.Camera == camera && previous.Frame.Sequence == frame.Sequence && previous.Frame.Timestamp == frame.Timestamp)
            {
                continue; // the same frame in two chunks (written twice): shown once
            }
            lastEmitted = next;
            var first = query.Before is { } cursor && cursor.CameraId == camera && cursor.Sequence == frame.Sequence && cursor.Timestamp == frame.Timestamp
                ? (int)Math.Min(cursor.Index + 1L, frame.Detections.Length)
                : 0;
            for (var i = first; i < frame.Detections.Length; i++)
            {
                var detection = frame.Detections[i];
                if (query.Label is { } label && !string.Equals(label, detection.Label, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                results.Add(new DetectionRecord(camera, frame.Sequence, frame.Timestamp, detection.Label, detection.Score, detection.Box, i));
                if (results.Count == query.Limit)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Frames newest first: frame time, then camera, then sequence, all descending (the queue's smallest comes first).</summary>
    private sealed class NewestFirst : IComparer<(string Camera, StoredFrame Frame)>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare((string Camera, StoredFrame Frame) x, (string Camera, StoredFrame Frame) y) =>
            Compare(x.Camera, x.Frame.Timestamp, x.Frame.Sequence, y.Camera, y.Frame.Timestamp, y.Frame.Sequence);

        /// <summary>Negative when frame a comes before frame b in newest-first order, positive after it, zero when it is b.</summary>
        public static int Compare(string cameraA, DateTimeOffset timeA, long sequenceA, string cameraB, DateTimeOffset timeB, long sequenceB)
        {
            var byTime = timeB.CompareTo(timeA);
            if (byTime != 0)
            {
                return byTime;
            }
            var byCamera = string.CompareOrdinal(cameraB, cameraA);
            return byCamera != 0 ? byCamera : sequenceB.CompareTo(sequenceA);
        }
    }

    /// <summary>Drops the days whose every moment is before <paramref name="cutoff"/>; returns how many went.</summary>
    public async Task<int> DropDaysBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var expired = new List<string>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = @table
            """, connection))
        {
            list.Parameters.AddWithValue("table", Table);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (IsExpired(name, cutoff))
                {
                    expired.Add(name);
                }
            }
        }
        foreach (var name in expired)
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {name}", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return expired.Count;
    }

    /// <summary>The partition holding <paramref name="day"/>'s frames (UTC), e.g. <c>video_detections_20261201</c>.</summary>
    public static string PartitionName(DateOnly day) => $"{Table}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The day a partition holds; null for a table this store did not name.</summary>
    public static DateTimeOffset? PartitionDay(string name) =>
        name.StartsWith(Table + "_", StringComparison.Ordinal)
        && DateOnly.TryParseExact(name[(Table.Length + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    /// <summary>Whether a partition of this store holds only frames from before <paramref name="cutoff"/>.</summary>
    public static bool IsExpired(string partition, DateTimeOffset cutoff) => PartitionDay(partition) is { } day && day.AddDays(1) <= cutoff;

    private static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    private async Task InsertAsync(NpgsqlConnection connection, string cameraId, List<StoredFrame[]> chunks, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AppendSql, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("camera", cameraId);
        command.Parameters.AddWithValue("firstTimes", chunks.Select(chunk => Stored(chunk[0].Timestamp)).ToArray());
        command.Parameters.AddWithValue("lastTimes", chunks.Select(chunk => Stored(chunk[^1].Timestamp)).ToArray());
        command.Parameters.AddWithValue("firstSequences", chunks.Select(chunk => chunk[0].Sequence).ToArray());
        command.Parameters.AddWithValue("labels", chunks.Select(chunk => string.Join(LabelSeparator, DetectionChunk.Labels(chunk).Select(label => label.Replace(LabelSeparator, ' ')))).ToArray());
        command.Parameters.Add(new NpgsqlParameter("frames", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = chunks.Select(DetectionChunk.Encode).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A time as a timestamptz column holds it: to the microsecond, truncated (the chunk's bytes keep the ticks).</summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    private static async Task CreatePartitionsAsync(NpgsqlConnection connection, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT pg_advisory_xact_lock({PartitionLockKey});\n");
        foreach (var day in days)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF {Table} FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00');\n" +
                $"ALTER TABLE {PartitionName(day)} ALTER COLUMN frames SET STATISTICS 0;\n");
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private NpgsqlCommand QueryCommand(NpgsqlConnection connection, IReadOnlyCollection<string>? cameras, DetectionQuery query,
        (DateTimeOffset LastTime, string Camera, long FirstSequence)? continueAfter)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder($"SELECT camera_id, last_time, first_sequence, frames FROM {Table} WHERE service_id = @service");
        command.Parameters.AddWithValue("service", database.ServiceId);
        CameraFilter.Append(sql, command.Parameters, cameras);
        if (query.From is { } from)
        {
            sql.Append(" AND last_time >= @from");
            command.Parameters.AddWithValue("from", Stored(from));
        }
        // A chunk that holds a frame before a bound starts before it and ends at most MaxSpan after it: the second
        // condition is the one an index range can start from.
        if (query.To is { } to)
        {
            sql.Append(" AND first_time < @to AND last_time < @toReach");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
            command.Parameters.AddWithValue("toReach", to.ToUniversalTime() + DetectionChunk.MaxSpan);
        }
        if (query.Before is { } cursor)
        {
            sql.Append(" AND first_time <= @at AND last_time <= @atReach");
            command.Parameters.AddWithValue("at", cursor.Timestamp.ToUniversalTime());
            command.Parameters.AddWithValue("atReach", cursor.Timestamp.ToUniversalTime() + DetectionChunk.MaxSpan);
        }
        if (query.Label is { } label)
        {
            sql.Append(" AND labels @> ARRAY[@label]");
            command.Parameters.AddWithValue("label", label.ToLowerInvariant());
        }
        if (continueAfter is { } after)
        {
            sql.Append(" AND last_time <= @after AND (last_time, camera_id, first_sequence) < (@after, @afterCamera, @afterSequence)");
            command.Parameters.AddWithValue("after", after.LastTime);
            command.Parameters.AddWithValue("afterCamera", after.Camera);
            command.Parameters.AddWithValue("afterSequence", after.FirstSequence);
        }
        sql.Append(" ORDER BY last_time DESC, camera_id DESC, first_sequence DESC LIMIT @rows");
        command.Parameters.AddWithValue("rows", ChunksPerRead);
        command.CommandText = sql.ToString();
        return command;
    }
}
