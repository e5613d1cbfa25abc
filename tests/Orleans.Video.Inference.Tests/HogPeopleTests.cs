using System.Diagnostics;
using Xunit.Abstractions;

namespace Orleans.Video.Inference.Tests;

/// <summary>The HOG people detector behind the engine, on Debian's <c>vtest.avi</c> (768x576, 10 fps).</summary>
[Collection(OpenCvModelsFixture.Collection)]
public sealed class HogPeopleTests(OpenCvModelsFixture fixture, ITestOutputHelper output)
{
    private const string People = OpenCvModelsFixture.People;

    private static readonly IReadOnlyDictionary<int, (int X, int Y)[]> Labelled = VtestPeople.Labelled;

    [Fact]
    public async Task Finds_the_pedestrians_of_vtest_with_person_shaped_boxes_in_source_pixels()
    {
        var frames = Footage.Decode(Footage.Sample("vtest.avi"), [.. Labelled.Keys]);
        var engine = fixture.Engine;
        var before = engine.GetStatus(People);
        int found = 0, labelled = 0;
        foreach (var frame in frames)
        {
            var packet = Footage.Packet(frame, "vtest", People, OpenCvModelsFixture.PeopleWidth, OpenCvModelsFixture.PeopleHeight);
            var started = Stopwatch.GetTimestamp();
            var pending = engine.DetectAsync(packet);
            // The caller is not held while HOG runs: the frame waits in the model's queue for its thread.
            Assert.False(pending.IsCompleted);
            var detections = await pending;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var (matched, unmatched) = LabelledPoints.Match(detections, Labelled[frame.Index]);
            output.WriteLine($"HOG people, frame {frame.Index}: {elapsed:F0} ms, {detections.Count} found, {matched} of {Labelled[frame.Index].Length} labelled people, {unmatched} elsewhere");
            foreach (var person in detections)
            {
                output.WriteLine($"  {person.Score:F2} at {person.Box.X:F0},{person.Box.Y:F0} {person.Box.Width:F0}x{person.Box.Height:F0}");
                Assert.Equal(("person", 0), (person.Label, person.ClassId));
                Assert.InRange(person.Score, 0.7f, 1f);
                // Standing people: about three times as tall as wide, 40 to 300 px tall here, inside the 768x576 frame.
                Assert.InRange(person.Box.Width / person.Box.Height, 0.2f, 0.6f);
                Assert.InRange(person.Box.Height, 40, 300);
                Assert.True(person.Box.X >= 0 && person.Box.Y >= 0 && person.Box.Right <= frame.Width && person.Box.Bottom <= frame.Height);
            }
            Assert.True(matched * 2 >= Labelled[frame.Index].Length, $"frame {frame.Index}: only {matched} of {Labelled[frame.Index].Length} people found");
            Assert.True(unmatched <= 1, $"frame {frame.Index}: {unmatched} detections where nobody is");
            found += matched;
            labelled += Labelled[frame.Index].Length;
        }
        Assert.True(found * 10 >= labelled * 7, $"{found} of {labelled} people found; expected at least 70%");
        var after = engine.GetStatus(People);
        Assert.Equal(("OpenCV", false), (after.Provider, after.DynamicBatch));
        Assert.Equal(frames.Count, after.Frames - before.Frames);
        Assert.Equal(frames.Count, after.Runs - before.Runs);
    }

    [Fact]
    public async Task Letterbox_padding_does_not_move_the_boxes()
    {
        // 768x576 fills a 640x480 input exactly; in a 640x640 input the same content sits between 80 px bands.
        var frame = Assert.Single(Footage.Decode(Footage.Sample("vtest.avi"), 200));

        var exact = await fixture.Engine.DetectAsync(Footage.Packet(frame, "vtest", People, 640, 480));
        var padded = await fixture.Engine.DetectAsync(Footage.Packet(frame, "vtest", OpenCvModelsFixture.PeopleSquare, 640, 640));

        Assert.NotEmpty(exact);
        Assert.Equal(exact.Count, padded.Count);
        foreach (var (a, b) in exact.Zip(padded))
        {
            Assert.Equal(a.Score, b.Score, 1e-4f);
            Assert.Equal(a.Box.X, b.Box.X, 1f);
            Assert.Equal(a.Box.Y, b.Box.Y, 1f);
            Assert.Equal(a.Box.Width, b.Box.Width, 1f);
            Assert.Equal(a.Box.Height, b.Box.Height, 1f);
        }
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("gradient")]
    [InlineData("checkerboard")]
    public async Task Finds_nobody_in_a_frame_without_people(string pattern)
    {
        var frame = Synthetic(768, 576, pattern);

        var detections = await fixture.Engine.DetectAsync(
            Footage.Packet(frame, "synthetic", People, OpenCvModelsFixture.PeopleWidth, OpenCvModelsFixture.PeopleHeight));

        Assert.Empty(detections);
    }

    [Fact]
    public async Task A_frame_too_small_for_the_detection_window_finds_nobody()
    {
        // 1000x40 fits the 640x480 input as 640x26 content, 52 px tall when enlarged: below the 128 px window,
        // where OpenCV would crash the process.
        var frame = Synthetic(1000, 40, "checkerboard");

        var detections = await fixture.Engine.DetectAsync(
            Footage.Packet(frame, "strip", People, OpenCvModelsFixture.PeopleWidth, OpenCvModelsFixture.PeopleHeight));

        Assert.Empty(detections);
    }

    /// <summary>A frame with no people: flat grey, a horizontal ramp, or 32 px black-and-white squares.</summary>
    private static SourceFrame Synthetic(int width, int height, string pattern)
    {
        var bgr = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bgr.AsSpan((y * width + x) * 3, 3).Fill(pattern switch
                {
                    "gradient" => (byte)(x * 255 / (width - 1)),
                    "checkerboard" => (byte)(((x / 32) + (y / 32)) % 2 * 255),
                    _ => 128,
                });
            }
        }
        return new SourceFrame(0, width, height, bgr);
    }
}
