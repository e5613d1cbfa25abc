namespace Orleans.Video.Media.Tests;

public sealed class MotionDetectorTests
{
    private const int Width = 640, Height = 360;

    /// <summary>A dark frame (planes R, G, B) with a 40-pixel square of <paramref name="colour"/> at (x, y) and a little per-pixel noise.</summary>
    private static byte[] Frame(int x, int y, int noiseSeed, (byte R, byte G, byte B)? colour = null)
    {
        var (r, g, b) = colour ?? (255, 255, 255);
        var random = new Random(noiseSeed);
        var planes = new byte[Width * Height * 3];
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i] = (byte)(20 + random.Next(6));
        }
        for (var row = y; row < y + 40; row++)
        {
            planes.AsSpan(row * Width + x, 40).Fill(r);
            planes.AsSpan(Width * Height + row * Width + x, 40).Fill(g);
            planes.AsSpan(2 * Width * Height + row * Width + x, 40).Fill(b);
        }
        return planes;
    }

    private static bool HasMotion(MotionDetector motion, byte[] planes) => motion.HasMotion(planes, Width, Height, rgb: true);

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
        var empty = new byte[Width * Height * 3];
        Assert.True(HasMotion(motion, empty));
        Assert.False(HasMotion(motion, empty));
    }

    [Fact]
    public void A_change_in_one_colour_alone_is_motion()
    {
        // A red square appearing leaves green and blue as they were: grey must weigh every plane, not one.
        using var motion = new MotionDetector();
        HasMotion(motion, Frame(100, 100, 0, (20, 20, 20)));
        Assert.False(HasMotion(motion, Frame(100, 100, 1, (20, 20, 20))));
        Assert.True(HasMotion(motion, Frame(100, 100, 2, (255, 20, 20))));
    }
}
