using Microsoft.Extensions.Logging;

namespace Orleans.Video.Inference.Tests;

public sealed class InferenceEngineTests(InferenceEngineFixture fixture) : IClassFixture<InferenceEngineFixture>
{
    private const string Good = InferenceEngineFixture.Good;
    private static readonly Letterbox Hd = Letterbox.Fit(1280, 720, InferenceEngineFixture.Width, InferenceEngineFixture.Height);

    [Fact]
    public async Task Frames_from_several_cameras_are_batched_and_each_gets_its_own_box()
    {
        var engine = fixture.Engine;
        var before = engine.GetStatus(Good);
        // Camera i has a white rectangle at content (20 + 60i, 30 + 20i), 40x50: source (40 + 120i, 60 + 40i), 80x100.
        var frames = Enumerable.Range(0, 6)
            .Select(i => TestFrames.Packet($"cam-{i}", Good, Hd, (20 + 60 * i, 30 + 20 * i, 40, 50), sequence: i))
            .ToArray();

        var results = await Task.WhenAll(frames.Select(frame => engine.DetectAsync(frame)));

        for (var i = 0; i < frames.Length; i++)
        {
            Assert.Equal([new Detection("object", 0, 0.9f, new Box(40 + 120 * i, 60 + 40 * i, 80, 100))], results[i]);
        }
        var after = engine.GetStatus(Good);
        var runs = after.Runs - before.Runs;
        Assert.Equal(frames.Length, after.Frames - before.Frames);
        // Fewer runs than frames: frames from different cameras shared a Run call.
        Assert.InRange(runs, 1, frames.Length - 1);
    }

    [Fact]
    public async Task A_model_file_with_a_fixed_batch_of_one_runs_each_frame_on_its_own()
    {
        var engine = fixture.Engine;
        var before = engine.GetStatus(InferenceEngineFixture.FixedBatch);
        var frames = Enumerable.Range(0, 4)
            .Select(i => TestFrames.Packet($"cam-{i}", InferenceEngineFixture.FixedBatch, Hd, (100 * i, 10, 20, 20), sequence: i))
            .ToArray();

        var results = await Task.WhenAll(frames.Select(frame => engine.DetectAsync(frame)));

        for (var i = 0; i < frames.Length; i++)
        {
            Assert.Equal([new Detection("light", 0, 0.9f, new Box(200 * i, 20, 40, 40))], results[i]);
        }
        var after = engine.GetStatus(InferenceEngineFixture.FixedBatch);
        Assert.False(after.DynamicBatch);
        Assert.Equal(frames.Length, after.Runs - before.Runs);
        Assert.Equal(frames.Length, after.Frames - before.Frames);
        Assert.Equal(1, after.LastBatchSize);
        Assert.True(engine.GetStatus(Good).DynamicBatch);
    }

    [Fact]
    public async Task A_frame_without_a_bright_object_has_no_detections()
    {
        Assert.Empty(await fixture.Engine.DetectAsync(TestFrames.Packet("dark", Good, Hd, null)));
    }

    [Fact]
    public async Task Model_names_are_case_insensitive()
    {
        var detections = await fixture.Engine.DetectAsync(TestFrames.Packet("cam", "BRIGHT", Hd, (0, 0, 10, 10)));

        Assert.Equal([new Detection("object", 0, 0.9f, new Box(0, 0, 20, 20))], detections);
    }

    [Fact]
    public async Task An_unknown_model_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Engine.DetectAsync(TestFrames.Packet("cam", "yolo-nope", Hd, null)));

        Assert.Contains("Unknown model 'yolo-nope'", error.Message);
        Assert.Contains(Good, error.Message);
    }

    [Theory]
    [InlineData(InferenceEngineFixture.RandomBytes)]
    [InlineData(InferenceEngineFixture.TextFile)]
    public async Task A_bad_model_file_fails_its_requests_naming_the_file_while_others_work(string model)
    {
        var path = model == InferenceEngineFixture.RandomBytes ? fixture.RandomBytesPath : fixture.TextFilePath;

        var status = fixture.Engine.GetStatus(model);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Engine.DetectAsync(TestFrames.Packet("cam", model, Hd, null)));

        Assert.False(status.Loaded);
        Assert.Contains(path, status.Error);
        Assert.Contains($"Model '{model}' failed to load", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(model) && e.Message.Contains(path));
        Assert.Single(await fixture.Engine.DetectAsync(TestFrames.Packet("cam", Good, Hd, (5, 5, 10, 10))));
    }

    [Fact]
    public void The_good_model_was_loaded_and_warmed_up_at_start_on_the_cpu()
    {
        var status = fixture.Engine.GetStatus(Good);

        Assert.True(status.Loaded);
        Assert.Null(status.Error);
        Assert.Equal("CPU", status.Provider);
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains($"Model {Good} loaded"));
    }

    [Fact]
    public async Task A_packet_whose_planes_do_not_match_its_letterbox_is_rejected()
    {
        var frame = TestFrames.Packet("cam", Good, Hd, null) with { Planes = new FramePlanes(new byte[100]) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Engine.DetectAsync(frame));

        Assert.Contains("planes hold 100 bytes", error.Message);
        Assert.Contains("cam", error.Message);
    }

    [Fact]
    public async Task A_packet_letterboxed_for_another_input_size_is_rejected()
    {
        var frame = TestFrames.Packet("cam", Good, Letterbox.Fit(1280, 720, 640, 640), null);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Engine.DetectAsync(frame));

        Assert.Contains("letterbox input size 640x640 differs from the model input 640x384", error.Message);
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Engine.DetectAsync(TestFrames.Packet("cam", Good, Hd, null), cancelled.Token));
    }
}
