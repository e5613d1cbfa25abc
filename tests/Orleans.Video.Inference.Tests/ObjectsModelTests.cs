using Xunit.Abstractions;

namespace Orleans.Video.Inference.Tests;

/// <summary>The shipped YOLOX-Nano (<c>objects</c>) behind the engine, on Debian's <c>vtest.avi</c> (768x576) and a still life.</summary>
[Collection(ObjectsModelFixture.Collection)]
public sealed class ObjectsModelTests(ObjectsModelFixture fixture, ITestOutputHelper output)
{
    private const int Size = ObjectsModelFixture.Size;

    private static readonly IReadOnlyDictionary<int, (int X, int Y)[]> Labelled = VtestPeople.Labelled;

    [Fact]
    public async Task Finds_the_pedestrians_of_vtest_with_person_shaped_boxes_and_the_parked_vans()
    {
        var frames = Footage.Decode(Footage.Sample("vtest.avi"), [.. Labelled.Keys]);
        int found = 0, labelled = 0;
        foreach (var frame in frames)
        {
            var detections = await fixture.Engine.DetectAsync(Footage.Packet(frame, "vtest", ObjectsModelFixture.Objects, Size, Size));
            Write(frame.Index, detections);
            var people = detections.Where(d => d.Label == "person").ToArray();
            foreach (var person in people)
            {
                // Standing and walking people: taller than wide, inside the 768x576 frame.
                Assert.InRange(person.Box.Width / person.Box.Height, 0.15f, 0.9f);
                Assert.InRange(person.Box.Height, 25, 350);
                Assert.True(person.Box.X >= 0 && person.Box.Y >= 0 && person.Box.Right <= frame.Width && person.Box.Bottom <= frame.Height);
            }
            var (matched, _) = LabelledPoints.Match(people, Labelled[frame.Index]);
            Assert.True(matched * 2 >= Labelled[frame.Index].Length, $"frame {frame.Index}: only {matched} of {Labelled[frame.Index].Length} people found");
            // The two vans parked at the top left of the square, whatever COCO class the model gives each.
            Assert.Contains(detections, d => d.Label is "car" or "truck" && d.Box.Y < 200 && d.Box.Width > d.Box.Height);
            found += matched;
            labelled += Labelled[frame.Index].Length;
        }
        Assert.True(found * 10 >= labelled * 8, $"{found} of {labelled} people found; expected at least 80%");
    }

    [Fact]
    public async Task A_picture_with_nobody_gives_no_person()
    {
        var fruits = Assert.Single(Footage.Decode(Footage.Sample("fruits.jpg"), 0));

        var detections = await fixture.Engine.DetectAsync(Footage.Packet(fruits, "fruits", ObjectsModelFixture.Objects, Size, Size));

        Write(0, detections);
        Assert.DoesNotContain(detections, d => d.Label == "person");
        Assert.Contains(detections, d => d.Label is "orange" or "apple" or "banana");
    }

    [Fact]
    public async Task The_batch_made_dynamic_and_two_sessions_side_by_side_give_what_one_frame_at_a_time_gives()
    {
        var frames = Footage.Decode(Footage.Sample("vtest.avi"), [.. Labelled.Keys]);
        var packets = frames.Select(f => Footage.Packet(f, "vtest", ObjectsModelFixture.Objects, Size, Size)).ToArray();
        var alone = new List<IReadOnlyList<Detection>>();
        foreach (var packet in packets)
        {
            alone.Add(await fixture.Engine.DetectAsync(packet));
        }
        foreach (var model in new[] { ObjectsModelFixture.Batched, ObjectsModelFixture.SideBySide })
        {
            var together = await Task.WhenAll(packets.Select(p => fixture.Engine.DetectAsync(p with { Model = model })));
            for (var i = 0; i < packets.Length; i++)
            {
                Assert.Equal(alone[i].Count, together[i].Count);
                foreach (var (a, b) in alone[i].Zip(together[i]))
                {
                    Assert.Equal(a.Label, b.Label);
                    Assert.Equal(a.Score, b.Score, 1e-3f);
                    Assert.Equal(a.Box.X, b.Box.X, 0.5f);
                    Assert.Equal(a.Box.Y, b.Box.Y, 0.5f);
                }
            }
        }
        var batched = fixture.Engine.GetStatus(ObjectsModelFixture.Batched);
        Assert.True(batched.DynamicBatch, "the rewritten batch did not hold");
        Assert.True(batched.Frames > batched.Runs, $"{batched.Frames} frames in {batched.Runs} runs: nothing ran together");
        Assert.False(fixture.Engine.GetStatus(ObjectsModelFixture.Objects).DynamicBatch);
    }

    [Fact]
    public void A_file_read_as_another_layout_is_refused_naming_the_shapes_it_has()
    {
        var v8 = fixture.Engine.GetStatus(ObjectsModelFixture.AsYoloV8);
        Assert.False(v8.Loaded);
        Assert.Contains("'images'[1,3,416,416]", v8.Error);
        Assert.Contains("'output'[1,3549,85]", v8.Error);
        Assert.Contains("not the Yolo layout", v8.Error);

        // Right family, wrong input size: the input check names the shapes too.
        var v5 = fixture.Engine.GetStatus(ObjectsModelFixture.AsYoloV5At320);
        Assert.False(v5.Loaded);
        Assert.Contains("[1,3,416,416]", v5.Error);
        Assert.Contains("320", v5.Error);
    }

    [Fact]
    public void A_file_whose_sha256_differs_from_the_configured_one_is_refused()
    {
        var status = fixture.Engine.GetStatus(ObjectsModelFixture.WrongHash);

        Assert.False(status.Loaded);
        Assert.Contains("e8af074932d4ed7e232278e3055cefcdea3edf178874a3694ae292649fb464dd", status.Error);
        Assert.Contains(new string('0', 64), status.Error);
        Assert.True(fixture.Engine.GetStatus(ObjectsModelFixture.Objects).Loaded);
    }

    private void Write(int index, IReadOnlyList<Detection> detections)
    {
        output.WriteLine($"frame {index}: {detections.Count} detections");
        foreach (var d in detections)
        {
            output.WriteLine($"  {d.Label} {d.Score:F2} at {d.Box.X:F0},{d.Box.Y:F0} {d.Box.Width:F0}x{d.Box.Height:F0}");
        }
    }
}
