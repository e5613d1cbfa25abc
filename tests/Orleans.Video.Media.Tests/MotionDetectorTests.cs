namespace Orleans.Video.Media.Tests;

public sealed class MotionDetectorTests
{
    private const int Width = 640, Height = 360;

    /// <summary>A dark I420 frame with a white 40-pixel square at (x, y) and a little per-pixel noise in its luma.</summary>
    private static byte[] Frame(int x, int y, int noiseSeed)
    {
        var random = new Random(noiseSeed);
        var i420 = new byte[I420.Length(Width, Height)];
        for (var i = 0; i < Width * Height; i++)
        {
            i420[i] = (byte)(20 + random.Next(6));
        }
        i420.AsSpan(Width * Height).Fill(128);
        for (var row = y; row < y + 40; row++)
        {
            i420.AsSpan(row * Width + x, 40).Fill(235);
        }
        return i420;
    }

    private static bool HasMotion(MotionDetector motion, byte[] i420) => motion.HasMotion(i420, Width, Height);

    [Fact]
    public void The_first_frame_counts_as_motion_and_a_static_noisy_scene_does_not()
    {
        using var motion = new MotionDetector();
        Assert.True(HasMotion(motion, Frame(100, 100, 0)));
        for (var i = 1; i < 20; i++)
        {
            Assert.False(HasMotion(motion, Frame(100, 100, i)), $"noise alone was motion at frame {i}");
        }
    }

    [Fact]
    public void A_moving_object_is_motion_until_it_stops_and_leaving_is_motion_once()
    {
        using var motion = new MotionDetector();
        HasMotion(motion, Frame(100, 100, 0));
        Assert.False(HasMotion(motion, Frame(100, 100, 1)));
        for (var step = 1; step <= 5; step++)
        {
            Assert.True(HasMotion(motion, Frame(100 + 30 * step, 100, step + 1)), $"step {step} was not motion");
        }
        // It stops where the last step left it: the next frame is quiet.
        Assert.False(HasMotion(motion, Frame(250, 100, 100)));
        // It leaves: one frame of motion, then quiet again, with no fading ghost.
        var empty = new byte[I420.Length(Width, Height)];
        Assert.True(HasMotion(motion, empty));
        Assert.False(HasMotion(motion, empty));
    }

    [Fact]
    public void Change_inside_a_mask_is_not_motion_and_change_outside_it_is()
    {
        // The frames are a 1280x720 source scaled to 640x360; the mask covers the source's left half.
        using var motion = new MotionDetector([new MotionMask([new(0, 0), new(640, 0), new(640, 720), new(0, 720)])]);
        Assert.True(motion.HasMotion(Frame(100, 100, 0), Width, Height, 1280, 720));
        Assert.False(motion.HasMotion(Frame(100, 100, 1), Width, Height, 1280, 720));
        // Moving within the masked half: ignored.
        Assert.False(motion.HasMotion(Frame(160, 140, 2), Width, Height, 1280, 720));
        // Moving into the open half: motion.
        Assert.True(motion.HasMotion(Frame(420, 140, 3), Width, Height, 1280, 720));
    }

    [Fact]
    public void A_mask_over_the_whole_picture_leaves_no_motion()
    {
        using var motion = new MotionDetector([new MotionMask([new(0, 0), new(1280, 0), new(1280, 720), new(0, 720)])]);
        motion.HasMotion(Frame(100, 100, 0), Width, Height, 1280, 720);
        Assert.False(motion.HasMotion(Frame(400, 200, 1), Width, Height, 1280, 720));
    }
}
