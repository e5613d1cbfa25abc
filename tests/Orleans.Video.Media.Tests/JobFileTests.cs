using Orleans.Video.Media.Jobs;

namespace Orleans.Video.Media.Tests;

/// <summary>How a job's file is read (ffprobe), cut into chunks, named when uploaded, and annotated.</summary>
public sealed class JobFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orleans-video-jobfile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_clip_is_read_as_frames_a_rate_and_keyframes()
    {
        var clip = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=12 -c:v libx264 -preset veryfast -g 25 -keyint_min 25 -sc_threshold 0 -pix_fmt yuv420p", "clip.mp4");
        var file = await FileProbe.ProbeAsync(clip);
        Assert.Equal(("h264", 320, 240, 25.0, 300L), (file.Codec, file.Width, file.Height, file.FrameRate, file.Frames));
        Assert.Equal(Enumerable.Range(0, 12).Select(second => new FileKeyframe(second * 25, TimeSpan.FromSeconds(second))), file.Keyframes);
        Assert.Equal(TimeSpan.FromSeconds(12), file.Duration);
        Assert.Null(await FileProbe.RefusalAsync(clip));
    }

    [Fact]
    public async Task What_is_not_a_video_is_refused_with_the_reason()
    {
        var text = Path.Combine(_root, "notes.mp4");
        await File.WriteAllTextAsync(text, "not a video\n");
        var empty = Path.Combine(_root, "empty.mp4");
        await File.WriteAllBytesAsync(empty, []);
        var audio = MediaTools.Ffmpeg(_root, "-f lavfi -i sine=d=1", "sound.m4a");

        Assert.Contains("not a video", await FileProbe.RefusalAsync(text));
        Assert.Equal("the file is empty", await FileProbe.RefusalAsync(empty));
        Assert.Equal("not a video: the file has no video stream", await FileProbe.RefusalAsync(audio));
        Assert.StartsWith("file not found", await FileProbe.RefusalAsync(Path.Combine(_root, "missing.mp4")));
        await Assert.ThrowsAsync<InvalidDataException>(() => FileProbe.ProbeAsync(text));
    }

    [Fact]
    public void Chunks_start_at_keyframes_and_hold_every_frame_once()
    {
        var file = new VideoFile("h264", 640, 360, 25, 300, [.. Enumerable.Range(0, 12).Select(s => new FileKeyframe(s * 25, TimeSpan.FromSeconds(s)))]);
        var chunks = ChunkPlan.Cut(file, TimeSpan.FromSeconds(2));
        Assert.Equal([0L, 50, 100, 150, 200, 250], chunks.Select(c => c.FirstFrame));
        Assert.All(chunks, c => Assert.Equal(TimeSpan.FromSeconds(c.FirstFrame / 25.0), c.Seek));
        Assert.Equal(300, chunks.Sum(c => c.FrameCount));

        // Keyframes further apart than the length: a chunk runs to the first keyframe after it.
        Assert.Equal([0L, 75, 150, 225], ChunkPlan.Cut(file with { Keyframes = [.. file.Keyframes.Where(k => k.Frame % 75 == 0)] }, TimeSpan.FromSeconds(2)).Select(c => c.FirstFrame));
        // One keyframe, or a length past the end: one chunk.
        Assert.Equal(300, Assert.Single(ChunkPlan.Cut(file with { Keyframes = [file.Keyframes[0]] }, TimeSpan.FromSeconds(2))).FrameCount);
        Assert.Single(ChunkPlan.Cut(file, TimeSpan.FromHours(1)));
        // Frames before the first keyframe (an open GOP's) are decoded from the file's start, in the first chunk.
        var late = ChunkPlan.Cut(file with { Keyframes = [new FileKeyframe(2, TimeSpan.FromSeconds(0.08)), .. file.Keyframes.Skip(1)] }, TimeSpan.FromSeconds(2));
        Assert.Equal((0L, 50, TimeSpan.Zero), (late[0].FirstFrame, late[0].FrameCount, late[0].Seek));
    }

    [Theory]
    [InlineData("warehouse.mp4", "warehouse.mp4")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\night shift?.mkv", "C__Users_me_night_shift_.mkv")]
    [InlineData(".hidden.mp4", "hidden.mp4")]
    [InlineData("", "upload")]
    [InlineData(null, "upload")]
    public void Uploaded_names_are_made_safe(string? name, string safe) => Assert.Equal(safe, JobFiles.SafeName(name));

    [Fact]
    public void A_job_owns_only_files_in_its_own_folder()
    {
        Assert.True(JobFiles.IsOwned(_root, "j1", Path.Combine(_root, "jobs", "j1", "a.mp4")));
        Assert.False(JobFiles.IsOwned(_root, "j1", Path.Combine(_root, "jobs", "j2", "a.mp4")));
        Assert.False(JobFiles.IsOwned(_root, "j1", Path.Combine(_root, "jobs", "j1", "..", "j2", "a.mp4")));
        Assert.False(JobFiles.IsOwned(_root, "j1", Path.Combine(_root, "jobs", "j1")));
        Assert.False(JobFiles.IsOwned("", "j1", "/jobs/j1/a.mp4"));
    }

    [Fact]
    public void Annotation_commands_move_boxes_only_when_they_change_half_a_frame_early()
    {
        Box a = new(10, 20, 30, 40), b = new(12, 20, 30, 40);
        var commands = AnnotatedVideo.Commands([(0, [a]), (1, [a]), (2, [b, a]), (3, [])], 25, 2).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "0 drawbox@b0 x 10, drawbox@b0 y 20, drawbox@b0 w 30, drawbox@b0 h 40;",
                "0.06 drawbox@b0 x 12, drawbox@b0 y 20, drawbox@b0 w 30, drawbox@b0 h 40, drawbox@b1 x 10, drawbox@b1 y 20, drawbox@b1 w 30, drawbox@b1 h 40;",
                "0.1 drawbox@b0 x -10000, drawbox@b0 y -10000, drawbox@b1 x -10000, drawbox@b1 y -10000;",
            ],
            commands);
    }
}
