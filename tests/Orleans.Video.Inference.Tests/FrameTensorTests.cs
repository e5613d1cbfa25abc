namespace Orleans.Video.Inference.Tests;

public sealed class FrameTensorTests
{
    [Fact]
    public void Content_lands_at_the_padding_offset_and_the_rest_is_pad()
    {
        // A 4x2 source in a 4x4 input: content rows 1..2, pad rows 0 and 3.
        var letterbox = Letterbox.FromContent(4, 2, 4, 4, 4, 2);
        var planes = new byte[4 * 2 * 3];
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i] = (byte)(i * 10);
        }
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
                Assert.Equal(planes[c * 8 + i] / 255f, plane[4 + i]);
            }
        }
    }

    [Fact]
    public void Mean_and_std_are_applied_per_channel_after_scaling_to_0_1()
    {
        // 2x2 content centred in a 4x4 input: pad on every side.
        var letterbox = Letterbox.FromContent(2, 2, 4, 4, 2, 2);
        byte[] planes = [255, 255, 255, 255, 0, 0, 0, 0, 51, 51, 51, 51];
        var tensor = new FrameTensor(4, 4, [0.5f, 0.25f, 0f], [0.5f, 0.25f, 2f], 0);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, planes, letterbox);

        Assert.Equal((0 - 0.5f) / 0.5f, image[0]);            // channel 0 pad
        Assert.Equal((1 - 0.5f) / 0.5f, image[1 * 4 + 1]);    // channel 0 content
        Assert.Equal((0 - 0.25f) / 0.25f, image[16 + 5]);     // channel 1 content
        Assert.Equal(0.2f / 2f, image[32 + 2 * 4 + 2], 1e-6f); // channel 2 content: 51/255 = 0.2
        Assert.Equal(0f, image[32 + 3 * 4 + 3]);              // channel 2 pad
    }

    [Fact]
    public void Every_byte_value_normalises_alike_in_the_vector_body_and_the_row_tail()
    {
        // Rows of 70 bytes: two 32-byte vectors and a 6-byte scalar tail, each byte value 0..255 in every position kind.
        const int width = 70, height = 12;
        var letterbox = Letterbox.FromContent(width, height, width, height, width, height);
        var planes = new byte[width * height * 3];
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i] = (byte)(i * 7 % 256);
        }
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var tensor = new FrameTensor(width, height, mean, std, 0);
        var image = new float[tensor.ImageLength];

        tensor.Fill(image, planes, letterbox);

        for (var i = 0; i < planes.Length; i++)
        {
            var c = i / (width * height);
            Assert.Equal((planes[i] / 255f - mean[c]) / std[c], image[i]);
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
        var size = Assert.Throws<ArgumentException>(() => tensor.Fill(image, new byte[640 * 360 * 3], Letterbox.Fit(1280, 720, 640, 384)));
        Assert.Contains("differs from the model input 640x640", size.Message);
    }
}
