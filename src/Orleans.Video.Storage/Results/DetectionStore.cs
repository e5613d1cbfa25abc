using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The <c>video_detections</c> table (deploy/sql/006-results.sql): frames appended once, queried newest first for one
/// camera or many, and dropped a day at a time.
/// </summary>
public sealed class DetectionStore(ResultsDatabase database)
{
    private const string Table = "video_detections";

    // Any fixed number: silos creating the same day's partition take turns instead of racing on the catalog.
    private const long PartitionLockKey = 0x4F_56_50_61_72_74; // "OVPart"

    // What a label query needs from string_to_array: a separator no label holds.
    private const char LabelSeparator = '\u001f';

    private const string AppendSql = $"""
        INSERT INTO {Table} (service_id, camera_id, frame_time, sequence, labels, detections)
        SELECT @service, @camera, f.frame_time, f.sequence, string_to_array(f.labels, chr(31)), f.detections
        FROM unnest(@times, @sequences, @labels, @detections) AS f(frame_time, sequence, labels, detections)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// Stores a camera's frames, those with at least one detection; a frame stored before (same camera, time and
    /// sequence) is left as it is. A day's partition is created by the first write that needs it.
    /// </summary>
    public async Task AppendAsync(string cameraId, IReadOnlyList<FrameDetections> frames, CancellationToken cancellationToken = default)
    {
        var stored = frames.Where(frame => frame.Detections.Count > 0).ToArray();
        if (stored.Length == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await InsertAsync(connection, cameraId, stored, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.TableName == Table)
        {
            // "no partition of relation found for row": the first frame of a day.
            await CreatePartitionsAsync(connection, stored.Select(frame => Day(frame.Timestamp)).Distinct(), cancellationToken);
            await InsertAsync(connection, cameraId, stored, cancellationToken);
        }
    }

    /// <summary>
    /// Matching detections of <paramref name="cameras"/> (every camera when null), newest first: by frame time, then
    /// camera, then sequence, all descending, then by position within the frame.
    /// </summary>
    public async Task<DetectionPage> QueryAsync(IReadOnlyCollection<string>? cameras, DetectionQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        var results = new List<DetectionRecord>(query.Limit);
        var after = query.Before;
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            // One row per frame and each frame but the cursor's holds a match, so limit + 1 rows are nearly always
            // enough; a label whose case folds differently in .NET and PostgreSQL can make it take another round.
            var rows = query.Limit + 1;
            await using var command = QueryCommand(connection, cameras, query, after, rows);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                read++;
                var camera = reader.GetString(0);
                var time = reader.GetFieldValue<DateTimeOffset>(1);
                var sequence = reader.GetInt64(2);
                var detections = DetectionRows.Decode(reader.GetFieldValue<byte[]>(3));
                var first = after is { } cursor && cursor.Timestamp == time && cursor.CameraId == camera && cursor.Sequence == sequence
                    ? (int)Math.Min(cursor.Index + 1L, detections.Length)
                    : 0;
                for (var i = first; i < detections.Length; i++)
                {
                    var detection = detections[i];
                    if (query.Label is { } label && !string.Equals(label, detection.Label, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    results.Add(new DetectionRecord(camera, sequence, time, detection.Label, detection.Score, detection.Box, i));
                    if (results.Count == query.Limit)
                    {
                        var last = results[^1];
                        return new DetectionPage(results, new DetectionCursor(last.Timestamp, last.Sequence, last.Index, last.CameraId));
                    }
                }
                after = new DetectionCursor(time, sequence, int.MaxValue, camera);
            }
            if (read < rows)
            {
                return new DetectionPage(results, null);
            }
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

    private async Task InsertAsync(NpgsqlConnection connection, string cameraId, FrameDetections[] frames, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AppendSql, connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("camera", cameraId);
        command.Parameters.AddWithValue("times", frames.Select(frame => frame.Timestamp.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("sequences", frames.Select(frame => frame.Sequence).ToArray());
        command.Parameters.AddWithValue("labels", frames.Select(frame => string.Join(LabelSeparator, DetectionRows.Labels(frame.Detections).Select(label => label.Replace(LabelSeparator, ' ')))).ToArray());
        command.Parameters.Add(new NpgsqlParameter("detections", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = frames.Select(frame => DetectionRows.Encode(frame.Detections)).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CreatePartitionsAsync(NpgsqlConnection connection, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT pg_advisory_xact_lock({PartitionLockKey});\n");
        foreach (var day in days)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF {Table} FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00');\n");
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.ToString(), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private NpgsqlCommand QueryCommand(NpgsqlConnection connection, IReadOnlyCollection<string>? cameras, DetectionQuery query, DetectionCursor? after, int rows)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder($"SELECT camera_id, frame_time, sequence, detections FROM {Table} WHERE service_id = @service");
        command.Parameters.AddWithValue("service", database.ServiceId);
        if (cameras is { Count: 1 })
        {
            sql.Append(" AND camera_id = @camera");
            command.Parameters.AddWithValue("camera", cameras.First());
        }
        else if (cameras is not null)
        {
            sql.Append(" AND camera_id = ANY(@cameras)");
            command.Parameters.AddWithValue("cameras", cameras.ToArray());
        }
        if (query.From is { } from)
        {
            sql.Append(" AND frame_time >= @from");
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }
        if (query.To is { } to)
        {
            sql.Append(" AND frame_time < @to");
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
        if (query.Label is { } label)
        {
            sql.Append(" AND labels @> ARRAY[@label]");
            command.Parameters.AddWithValue("label", label.ToLowerInvariant());
        }
        if (after is { } cursor)
        {
            // The cursor's own frame is read again: the detections after its index are still to come.
            sql.Append(" AND frame_time <= @at AND (frame_time, camera_id, sequence) <= (@at, @atCamera, @atSequence)");
            command.Parameters.AddWithValue("at", cursor.Timestamp.ToUniversalTime());
            command.Parameters.AddWithValue("atCamera", cursor.CameraId);
            command.Parameters.AddWithValue("atSequence", cursor.Sequence);
        }
        sql.Append(" ORDER BY frame_time DESC, camera_id DESC, sequence DESC LIMIT @rows");
        command.Parameters.AddWithValue("rows", rows);
        command.CommandText = sql.ToString();
        return command;
    }
}
