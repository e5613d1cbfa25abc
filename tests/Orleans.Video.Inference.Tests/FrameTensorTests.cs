namespace Orleans.Video.Inference.Tests;

public sealed class FrameTensorTests
{
    /// <summary>I420 content of one luma value per pixel (given row by row) and neutral chroma: a grey image.</summary>
    private static byte[] Grey(int width, int height, Func<int, byte> luma)
    {
        var i420 = new byte[I420.Length(width, height)];
        i420.AsSpan(width * height).Fill(128);
        for (var i = 0; i < width * height; i++)
        {
            i420[i] = luma(i);
        }
        return i420;
    }

    /// <summary>BT.601 limited range, as the tensor converts: luma 16 is black, 235 white.</summary>
    private static float GreyLevel(byte luma) => Math.Clamp((luma - 16f) * 1.164383f, 0f, 255f);

    [Fact]
    public void Content_lands_at_the_padding_offset_and_the_rest_is_pad()
    {
        // A 4x2 source in a 4x4 input: content rows 1..2, pad rows 0 and 3.
        var letterbox = Letterbox.FromContent(4, 2, 4, 4, 4, 2);
        var planes = Grey(4, 2, i => (byte)(16 + i * 25));
        var tensor = new FrameTensor(4, 4, [0, 0, 0], [1, 1, 1], 114);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, planes, letterbox);

        var pad = 114 / 255f;
        for (var c = 0; c < 3; c++)
        {
            var plane = image.AsSpan(c * 16, 16);
            Assert.All(plane[..4].ToArray(), v => Assert.Equal(pad, v));
            Assert.All(plane[12..].ToArray(), v => Assert.Equal(pad, v));
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(GreyLevel(planes[i]) / 255f, plane[4 + i], 1e-5f);
            }
        }
    }

    [Fact]
    public void Mean_and_std_are_applied_per_channel_after_scaling_to_0_1()
    {
        // 2x2 white content centred in a 4x4 input: pad on every side.
        var letterbox = Letterbox.FromContent(2, 2, 4, 4, 2, 2);
        var planes = Grey(2, 2, _ => 235);
        var tensor = new FrameTensor(4, 4, [0.5f, 0.25f, 0f], [0.5f, 0.25f, 2f], 0);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, planes, letterbox);

        Assert.Equal((0 - 0.5f) / 0.5f, image[0]);                 // channel 0 pad
        Assert.Equal((1 - 0.5f) / 0.5f, image[1 * 4 + 1], 1e-5f);  // channel 0 content
        Assert.Equal((1 - 0.25f) / 0.25f, image[16 + 5], 1e-5f);   // channel 1 content
        Assert.Equal(1 / 2f, image[32 + 2 * 4 + 2], 1e-5f);        // channel 2 content
        Assert.Equal(0f, image[32 + 3 * 4 + 3]);                   // channel 2 pad
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Colour_survives_the_trip_through_I420_in_the_model_channel_order(bool rgb)
    {
        // Orange (red 255, green 128, blue 0) converted to I420 by OpenCV, back to RGB by the tensor.
        var i420 = BgrFrames.ToI420(BgrFrames.Solid(16, 8, 0, 128, 255), 16, 8, 16, 8);
        var tensor = new FrameTensor(16, 8, [0, 0, 0], [1, 1, 1], 0, rgb);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, i420, Letterbox.FromContent(16, 8, 16, 8, 16, 8));

        float Channel(int c) => image[c * 128 + 37] * 255;
        var (red, blue) = rgb ? (Channel(0), Channel(2)) : (Channel(2), Channel(0));
        Assert.InRange(red, 250, 255);
        Assert.InRange(Channel(1), 124, 132);
        Assert.InRange(blue, 0, 4);
    }

    [Theory]
    [InlineData(70, 12)]
    [InlineData(69, 11)]
    public void Every_pixel_converts_alike_in_the_vector_body_and_the_row_tail(int width, int height)
    {
        // Rows of 70 pixels: eight vectors of 8 and a 6-pixel scalar tail; luma and chroma cover every byte value.
        // 69x11: an odd width shares its last chroma column with one pixel, an odd height its last chroma row with one row.
        var letterbox = Letterbox.FromContent(width, height, width, height, width, height);
        var planes = new byte[I420.Length(width, height)];
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i] = (byte)(i * 7 % 256);
        }
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var tensor = new FrameTensor(width, height, mean, std, 0);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, planes, letterbox);

        var chroma = I420.ChromaLength(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var grey = (planes[y * width + x] - 16f) * 1.164383f;
                var at = y / 2 * ((width + 1) / 2) + x / 2;
                float d = planes[width * height + at] - 128, e = planes[width * height + chroma + at] - 128;
                float[] rgb = [grey + 1.596027f * e, grey - 0.391762f * d - 0.812968f * e, grey + 2.017232f * d];
                for (var c = 0; c < 3; c++)
                {
                    var expected = (Math.Clamp(rgb[c], 0f, 255f) / 255f - mean[c]) / std[c];
                    Assert.Equal(expected, image[c * width * height + y * width + x], 1e-4f);
                }
            }
        }
    }

    [Fact]
    public void Mismatched_sizes_are_rejected_with_what_is_wrong()
    {
        var tensor = new FrameTensor(640, 640, [0, 0, 0], [1, 1, 1], 114);
        var image = new float[tensor.ImageLength];
        var letterbox = Letterbox.Fit(1280, 720, 640, 640);

        var planes = Assert.Throws<ArgumentException>(() => tensor.Fill(image, new byte[10], letterbox));
        Assert.Contains("planes hold 10 bytes", planes.Message);
        Assert.Contains("I420", planes.Message);
        var size = Assert.Throws<ArgumentException>(() => tensor.Fill(image, new byte[I420.Length(640, 360)], Letterbox.Fit(1280, 720, 640, 384)));
        Assert.Contains("differs from the model input 640x640", size.Message);
    }
}
