using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Npgsql;
using OpenCvSharp;
using Orleans.Video.Inference;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// The naive program for several cameras, as issue 33 defines it: decode → infer → store, one thread per camera.
/// Each thread opens the clip with OpenCV's <c>VideoCapture</c> (again at its end), runs <see cref="NaiveDetector"/>
/// on every frame with a session of its own made with ONNX Runtime's default options (what a script gets without
/// tuning), and inserts the frame's detections into PostgreSQL, one row a frame, on a connection of its own.
/// </summary>
public static class NaiveCameras
{
    /// <summary>Frames a second of all cameras together, over <paramref name="window"/> after a warm-up of a few seconds.</summary>
    public static async Task<double> FpsAsync(string clip, BenchModel model, int cameras, string connectionString, TimeSpan window)
    {
        using var services = model.InferenceServices();
        var definition = services.GetRequiredService<IModelCatalog>().Get(model.Name);
        var bytes = services.GetRequiredService<OnnxSessionFactory>().Read(model.Name, definition);
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var create = database.CreateCommand(
            "CREATE TABLE IF NOT EXISTS naive_detections (camera int, frame bigint, at timestamptz, detections jsonb)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        long frames = 0;
        var counting = false;
        using var stop = new CancellationTokenSource();
        var threads = Enumerable.Range(0, cameras).Select(camera => new Thread(() =>
        {
            using var session = new InferenceSession(bytes);
            using var connection = database.OpenConnection();
            using var insert = new NpgsqlCommand("INSERT INTO naive_detections VALUES ($1, $2, now(), $3::jsonb)", connection);
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = camera });
            insert.Parameters.Add(new NpgsqlParameter<long>());
            insert.Parameters.Add(new NpgsqlParameter<string>());
            using var frame = new Mat();
            for (long index = 0; !stop.IsCancellationRequested;)
            {
                using var capture = new VideoCapture(clip);
                using var detector = new NaiveDetector(definition, session, capture.FrameWidth, capture.FrameHeight);
                while (!stop.IsCancellationRequested && capture.Read(frame) && !frame.Empty())
                {
                    var detections = detector.Detect(frame);
                    ((NpgsqlParameter<long>)insert.Parameters[1]).TypedValue = index++;
                    ((NpgsqlParameter<string>)insert.Parameters[2]).TypedValue = JsonSerializer.Serialize(detections);
                    insert.ExecuteNonQuery();
                    if (Volatile.Read(ref counting))
                    {
                        Interlocked.Increment(ref frames);
                    }
                }
            }
        }) { IsBackground = true, Name = $"naive camera {camera}" }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        // Sessions load and the first frames pay for planning: count from when every thread is in its loop.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Volatile.Write(ref counting, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var rate = Interlocked.Read(ref frames) / clock.Elapsed.TotalSeconds;
        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join();
        }
        return rate;
    }
}
