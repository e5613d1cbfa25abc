using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orleans.Video.Storage.Results;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --cluster results</c>: what storing results costs PostgreSQL at the demo's load (WAL a camera-minute,
/// against the 200 KB target), and how fast questions across cameras are answered over an hour of 100 cameras'
/// results (HTTP API, p99 against the 300 ms target).
/// </summary>
public static class ResultsBench
{
    private const int QueryCameras = 100;
    private const double QueryFps = 4; // the demo's 12 analysed frames a second over three cameras

    public static async Task<string> RunAsync(BenchSettings settings, PostgresServer postgres, string clips)
    {
        var report = new StringBuilder();
        Bench.Log("results: the demo's cameras, WAL per camera-minute");
        var demo = await DemoWalAsync(settings, postgres, clips);
        Bench.Log(demo);
        report.Append(demo);
        Bench.Log($"results: queries over an hour of {QueryCameras} cameras");
        report.Append('\n').Append(await QueriesAsync(settings, postgres, clips));
        return report.ToString();
    }

    /// <summary>The demo of <c>./run.sh</c> (its clips, cameras, models and continuous recording) on one silo.</summary>
    private static async Task<string> DemoWalAsync(BenchSettings settings, PostgresServer postgres, string clips)
    {
        var demo = await DemoCameras.ClipsAsync(clips);
        var media = Directory.CreateTempSubdirectory("bench-media-").FullName;
        try
        {
            await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: DemoCameras.SiloSettings(media));
            var video = cluster.Video;
            var ids = await DemoCameras.AddAsync(video, demo);
            var cameras = ids.Count;
            var (warmup, window) = settings.Quick ? (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)) : (TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(90));
            await Task.Delay(warmup);

            var before = await SampleAsync(postgres, cluster.Id);
            var framesBefore = (await video.ListCamerasAsync()).Sum(s => s.FramesProcessed);
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var after = await SampleAsync(postgres, cluster.Id);
            var frames = (await video.ListCamerasAsync()).Sum(s => s.FramesProcessed) - framesBefore;
            var minutes = clock.Elapsed.TotalMinutes;

            // The same silo with no camera, for as long: membership, reminders and the like, whatever the cameras.
            foreach (var id in ids)
            {
                await video.RemoveCameraAsync(id);
            }
            await Task.Delay(TimeSpan.FromSeconds(10));
            var idleBefore = await SampleAsync(postgres, cluster.Id);
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(window);
            var idleAfter = await SampleAsync(postgres, cluster.Id);
            var idleWalPerMinute = (idleAfter.Wal - idleBefore.Wal) / idleClock.Elapsed.TotalMinutes;

            var wal = (after.Wal - before.Wal) / minutes / cameras;
            var byRelation = await WalByRelationAsync(postgres, before.Lsn, after.Lsn);
            var table = new StringBuilder();
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                PostgreSQL writes at the demo's load: {cameras} cameras of ./run.sh, recording continuously, {frames / clock.Elapsed.TotalSeconds:0.0} analysed frames/s, {window.TotalSeconds:0} s window (target: at most 200 KB of WAL a camera-minute).

                | | per camera-minute |
                |---|---:|
                | WAL, everything the silo wrote | {wal / 1024:0.0} KB |
                | WAL of the same silo idle (no camera), per minute / {cameras} | {idleWalPerMinute / cameras / 1024:0.0} KB |
                | rows appended to video_detections (a second's frames each) | {(after.Frames - before.Frames) / minutes / cameras:0} |
                | events written (rows inserted + updated) | {(after.EventWrites - before.EventWrites) / minutes / cameras:0} |

                WAL by what it changed, per camera-minute (pg_walinspect; an index counts apart from its table; FPI: whole pages written after a checkpoint):

                | relation | KB | of which FPI |
                |---|---:|---:|

                """);
            foreach (var (what, bytes, fpi) in byRelation)
            {
                table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {what} | {bytes / minutes / cameras / 1024:0.0} | {fpi / minutes / cameras / 1024:0.0} |\n");
            }
            return table.ToString();
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    private sealed record Sample(long Wal, long Frames, long EventWrites, string Lsn);

    /// <summary>The WAL between two positions by the relation each record changed (the biggest ten), and by record kind where none.</summary>
    private static async Task<List<(string What, long Bytes, long Fpi)>> WalByRelationAsync(PostgresServer postgres, string start, string end)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_walinspect", connection))
        {
            await extension.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(regexp_replace(c.relname, '_[0-9]{8}', '_<day>'), '(' || w.resource_manager || ')') AS what,
                   sum(w.record_length)::bigint, sum(w.fpi_length)::bigint
            FROM pg_get_wal_records_info(@start::pg_lsn, @end::pg_lsn) w
            LEFT JOIN pg_class c ON c.relfilenode = substring(w.block_ref from 'rel \d+/\d+/(\d+)')::oid
            GROUP BY 1 ORDER BY 2 DESC LIMIT 10
            """, connection);
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("end", end);
        var rows = new List<(string, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return rows;
    }

    private static async Task<Sample> SampleAsync(PostgresServer postgres, string service)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT wal_bytes FROM pg_stat_wal)::bigint,
                   (SELECT count(*) FROM video_detections WHERE service_id = @service),
                   (SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables WHERE relname = 'video_events')::bigint,
                   pg_current_wal_lsn()::text
            """, connection);
        command.Parameters.AddWithValue("service", service);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Sample(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
    }

    /// <summary>An hour of <see cref="QueryCameras"/> cameras' detections and events, then the API's queries over it.</summary>
    private static async Task<string> QueriesAsync(BenchSettings settings, PostgresServer postgres, string clips)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1);
        var end = DateTimeOffset.UtcNow;
        var start = end.AddHours(-1);
        var loading = Stopwatch.StartNew();
        var (frames, events) = await LoadHourAsync(postgres, cluster.Id, start);
        Bench.Log($"loaded {frames} frames and {events} events in {loading.Elapsed.TotalSeconds:0} s");

        var since = Uri.EscapeDataString(start.ToString("O"));
        var middle = Uri.EscapeDataString(start.AddMinutes(25).ToString("O"));
        var middleEnd = Uri.EscapeDataString(start.AddMinutes(30).ToString("O"));
        var ten = string.Join(",", Enumerable.Range(0, 10).Select(c => Camera(c * 7)));
        (string Name, string Path)[] queries =
        [
            ("detections, every camera, last hour", $"/api/detections?from={since}"),
            ("detections, label=person", $"/api/detections?from={since}&label=person"),
            ("detections, label=dog (1 frame in 500)", $"/api/detections?from={since}&label=dog"),
            ("detections, 10 cameras, label=car", $"/api/detections?camera={ten}&label=car"),
            ("detections, one camera", $"/api/detections?camera={Camera(42)}"),
            ("detections, 5 minutes, label=person, limit 1000", $"/api/detections?from={middle}&to={middleEnd}&label=person&limit=1000"),
            ("events, every camera", $"/api/events?from={since}"),
            ("events, label=person", $"/api/events?label=person"),
            ("events, zone=door, kind=zone", $"/api/events?zone=door&kind=zone"),
            ("events, 10 cameras", $"/api/events?camera={ten}"),
        ];
        using var http = SiloProcess.CreateHttpClient();
        var baseUrl = cluster.Silos[0].BaseUrl;
        var rounds = settings.Quick ? 10 : 40;
        var timings = queries.ToDictionary(q => q.Name, _ => new List<double>());
        var pageTimings = new List<double>();
        var random = new Random(1);
        foreach (var (_, path) in queries)
        {
            await GetAsync(http, baseUrl + path); // warm: plans, connections
        }
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, path) in queries.OrderBy(_ => random.Next()))
            {
                var (ms, page) = await GetAsync(http, baseUrl + path);
                timings[name].Add(ms);
                if (name == "detections, label=person" && round < rounds / 4)
                {
                    // Deeper pages: each resumes from the cursor of the last.
                    for (var deeper = 0; deeper < 4 && page.GetProperty("next").GetString() is { } next; deeper++)
                    {
                        (ms, page) = await GetAsync(http, $"{baseUrl}{path}&cursor={Uri.EscapeDataString(next)}");
                        pageTimings.Add(ms);
                    }
                }
            }
        }
        timings["detections, label=person, pages 2-5 by cursor"] = pageTimings;

        var all = timings.Values.SelectMany(t => t).Order().ToArray();
        var table = new StringBuilder();
        table.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
            Queries across cameras over an hour of {QueryCameras} cameras' results ({frames:N0} frames with detections, {events:N0} events), through the HTTP API, {rounds} rounds, 100 results a page unless said (target: p99 under 300 ms).

            | query | p50 ms | p99 ms |
            |---|---:|---:|

            """);
        foreach (var (name, list) in timings)
        {
            var sorted = list.Order().ToArray();
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {name} | {PipelineRun.Percentile(sorted, 0.5):0.0} | {PipelineRun.Percentile(sorted, 0.99):0.0} |\n");
        }
        table.Append(System.Globalization.CultureInfo.InvariantCulture, $"| **all of them** | {PipelineRun.Percentile(all, 0.5):0.0} | {PipelineRun.Percentile(all, 0.99):0.0} |\n");
        return table.ToString();
    }

    private static string Camera(int c) => $"cam-{c:000}";

    private static async Task<(double Ms, JsonElement Page)> GetAsync(HttpClient http, string url)
    {
        var clock = Stopwatch.StartNew();
        var page = await http.GetFromJsonAsync<JsonElement>(url);
        return (clock.Elapsed.TotalMilliseconds, page);
    }

    /// <summary>
    /// Writes the hour with COPY straight into the tables, as the results storage would have appended it: at
    /// <see cref="QueryFps"/> a camera, one to three detections a frame (person, car; a dog in one frame of 500), and
    /// an event a minute a camera, a third of them in a zone.
    /// </summary>
    private static async Task<(long Frames, long Events)> LoadHourAsync(PostgresServer postgres, string service, DateTimeOffset start)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        foreach (var day in new[] { start, start.AddHours(1) }.Select(t => DateOnly.FromDateTime(t.UtcDateTime)).Distinct())
        {
            await using var create = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {DetectionStore.PartitionName(day)} PARTITION OF video_detections FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00')",
                connection);
            await create.ExecuteNonQueryAsync();
        }
        Detection Person(int i) => new("person", 0, 0.6f + i % 4 / 10f, new Box(10 * i % 600, 40, 60, 150));
        Detection Car(int i) => new("car", 2, 0.7f, new Box(300, 10 * i % 300, 120, 80));
        var random = new Random(42);
        long frames = 0;
        var perCamera = (int)(3600 * QueryFps);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY video_detections (service_id, camera_id, first_time, last_time, first_sequence, labels, frames) FROM STDIN (FORMAT BINARY)"))
        {
            for (var c = 0; c < QueryCameras; c++)
            {
                var second = new List<StoredFrame>();
                for (var i = 0; i < perCamera; i++)
                {
                    var roll = random.Next(500);
                    Detection[] detections = roll == 0 ? [new("dog", 16, 0.8f, new Box(5, 5, 40, 30))]
                        : roll < 300 ? [Person(i)]
                        : roll < 450 ? [Car(i)]
                        : [Person(i), Car(i), Person(i + 1)];
                    second.Add(new StoredFrame(1_000_000L + i, start.AddSeconds(i / QueryFps).AddMilliseconds(c), detections));
                    frames++;
                    if (second.Count < QueryFps && i < perCamera - 1)
                    {
                        continue;
                    }
                    // A second's frames to a row, as a detection log writes them.
                    await copy.StartRowAsync();
                    await copy.WriteAsync(service, NpgsqlDbType.Text);
                    await copy.WriteAsync(Camera(c), NpgsqlDbType.Text);
                    await copy.WriteAsync(DetectionStore.Stored(second[0].Timestamp).UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(DetectionStore.Stored(second[^1].Timestamp).UtcDateTime, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(second[0].Sequence, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(DetectionChunk.Labels(second), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    await copy.WriteAsync(DetectionChunk.Encode(second), NpgsqlDbType.Bytea);
                    second.Clear();
                }
            }
            await copy.CompleteAsync();
        }
        long events = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY video_events (service_id, camera_id, event_id, kind, label, zone, track_id, start_time, end_time, last_seen,
                               best_score, best_x, best_y, best_width, best_height, best_sequence, has_snapshot) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var c = 0; c < QueryCameras; c++)
            {
                for (var m = 0; m < 60; m++)
                {
                    var zone = m % 3 == 0;
                    var begin = start.AddMinutes(m).AddSeconds(c % 60).UtcDateTime;
                    await copy.StartRowAsync();
                    await copy.WriteAsync(service, NpgsqlDbType.Text);
                    await copy.WriteAsync(Camera(c), NpgsqlDbType.Text);
                    await copy.WriteAsync(zone ? $"{m}-zone-door-1" : $"{m}-object", NpgsqlDbType.Text);
                    await copy.WriteAsync((short)(zone ? EventKind.Zone : EventKind.Object), NpgsqlDbType.Smallint);
                    await copy.WriteAsync(m % 2 == 0 ? "person" : "car", NpgsqlDbType.Text);
                    if (zone)
                    {
                        await copy.WriteAsync("door", NpgsqlDbType.Text);
                    }
                    else
                    {
                        await copy.WriteNullAsync();
                    }
                    await copy.WriteAsync((long)m, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(begin, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(begin.AddSeconds(20), NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(begin.AddSeconds(20), NpgsqlDbType.TimestampTz);
                    foreach (var value in new[] { 0.8f, 10f, 20f, 30f, 40f })
                    {
                        await copy.WriteAsync(value, NpgsqlDbType.Real);
                    }
                    await copy.WriteAsync(1_000_000L + m * 240, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                    events++;
                }
            }
            await copy.CompleteAsync();
        }
        foreach (var table in new[] { "video_detections", "video_events" })
        {
            // As autovacuum would have left an hour of appends: statistics for the planner, the visibility map for index-only reads.
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await vacuum.ExecuteNonQueryAsync();
        }
        return (frames, events);
    }
}
