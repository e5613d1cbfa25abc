namespace Orleans.Video.Inference.Tests;

public sealed class PlanarPreprocessorTests
{
    [Theory]
    [InlineData(true, 30, 20, 10)]
    [InlineData(false, 10, 20, 30)]
    public void Packed_bgr_becomes_planes_in_the_model_channel_order(bool rgb, byte first, byte second, byte third)
    {
        const int width = 4, height = 2;
        var bgr = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            bgr[i * 3] = 10;     // blue
            bgr[i * 3 + 1] = 20; // green
            bgr[i * 3 + 2] = 30; // red
        }
        var planes = new byte[width * height * 3];

        PlanarPreprocessor.ToPlanes(bgr, width, height, width, height, rgb, planes);

        Assert.All(planes[..8], v => Assert.Equal(first, v));
        Assert.All(planes[8..16], v => Assert.Equal(second, v));
        Assert.All(planes[16..], v => Assert.Equal(third, v));
    }

    [Fact]
    public void Keeps_pixel_positions()
    {
        const int width = 3, height = 2;
        var bgr = new byte[width * height * 3];
        // A red pixel at (x=2, y=1).
        bgr[(1 * width + 2) * 3 + 2] = 255;
        var planes = new byte[width * height * 3];

        PlanarPreprocessor.ToPlanes(bgr, width, height, width, height, rgb: true, planes);

        Assert.Equal(255, planes[1 * width + 2]);
        Assert.Equal(1, planes.Count(v => v != 0));
    }

    [Fact]
    public void Resizes_when_the_frame_is_not_the_content_size()
    {
        var bgr = Enumerable.Repeat((byte)200, 8 * 4 * 3).ToArray();
        var planes = new byte[4 * 2 * 3];
        PlanarPreprocessor.ToPlanes(bgr, 8, 4, 4, 2, rgb: true, planes);
        Assert.All(planes, v => Assert.Equal(200, v));
    }

    [Fact]
    public void Too_small_buffers_are_refused_with_the_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => PlanarPreprocessor.ToPlanes(new byte[10], 4, 2, 4, 2, true, new byte[24]));
        Assert.Contains("expected 24", error.Message);
    }
}
