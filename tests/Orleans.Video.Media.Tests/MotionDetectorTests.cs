namespace Orleans.Video.Media.Tests;

public sealed class MotionDetectorTests
{
    private const int Width = 640, Height = 360;

    /// <summary>A dark frame with a white square at (x, y) and a little per-pixel noise.</summary>
    private static byte[] Frame(int x, int y, int noiseSeed)
    {
        var random = new Random(noiseSeed);
        var bgr = new byte[Width * Height * 3];
        for (var i = 0; i < bgr.Length; i++)
        {
            bgr[i] = (byte)(20 + random.Next(6));
        }
        for (var row = y; row < y + 40; row++)
        {
            bgr.AsSpan((row * Width + x) * 3, 40 * 3).Fill(255);
        }
        return bgr;
    }

    [Fact]
    public void The_first_frame_counts_as_motion_and_a_static_noisy_scene_does_not()
    {
        using var motion = new MotionDetector();
        Assert.True(motion.HasMotion(Frame(100, 100, 0), Width, Height));
        for (var i = 1; i < 20; i++)
        {
            Assert.False(motion.HasMotion(Frame(100, 100, i), Width, Height), $"noise alone was motion at frame {i}");
        }
    }

    [Fact]
    public void A_moving_object_is_motion_until_it_stops_and_leaving_is_motion_once()
    {
        using var motion = new MotionDetector();
        motion.HasMotion(Frame(100, 100, 0), Width, Height);
        Assert.False(motion.HasMotion(Frame(100, 100, 1), Width, Height));
        for (var step = 1; step <= 5; step++)
        {
            Assert.True(motion.HasMotion(Frame(100 + 30 * step, 100, step + 1), Width, Height), $"step {step} was not motion");
        }
        // It stops where the last step left it: the next frame is quiet.
        Assert.False(motion.HasMotion(Frame(250, 100, 100), Width, Height));
        // It leaves: one frame of motion, then quiet again, with no fading ghost.
        var empty = new byte[Width * Height * 3];
        Assert.True(motion.HasMotion(empty, Width, Height));
        Assert.False(motion.HasMotion(empty, Width, Height));
    }
}
