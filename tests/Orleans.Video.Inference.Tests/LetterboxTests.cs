namespace Orleans.Video.Inference.Tests;

public sealed class LetterboxTests
{
    [Fact]
    public void Landscape_720p_into_640_square_is_padded_top_and_bottom()
    {
        var letterbox = Letterbox.Fit(1280, 720, 640, 640);

        Assert.Equal(new Letterbox(1280, 720, 640, 640, 640, 360, 0, 140, 0.5f), letterbox);
    }

    [Fact]
    public void Landscape_720p_maps_input_boxes_to_exact_source_pixels()
    {
        var letterbox = Letterbox.Fit(1280, 720, 640, 640);

        Assert.Equal(new Box(0, 0, 1280, 720), letterbox.ToSource(new Box(0, 140, 640, 360)));
        Assert.Equal(new Box(160, 180, 80, 40), letterbox.ToSource(new Box(80, 230, 40, 20)));
    }

    [Fact]
    public void Portrait_720p_into_640_square_is_padded_left_and_right()
    {
        var letterbox = Letterbox.Fit(720, 1280, 640, 640);

        Assert.Equal(new Letterbox(720, 1280, 640, 640, 360, 640, 140, 0, 0.5f), letterbox);
        Assert.Equal(new Box(20, 40, 100, 200), letterbox.ToSource(new Box(150, 20, 50, 100)));
    }

    [Fact]
    public void A_box_in_the_padding_maps_to_an_empty_box_and_one_across_it_is_clipped()
    {
        var letterbox = Letterbox.Fit(1280, 720, 640, 640);

        Assert.Equal(0, letterbox.ToSource(new Box(100, 10, 50, 50)).Area);
        Assert.Equal(new Box(200, 0, 100, 40), letterbox.ToSource(new Box(100, 130, 50, 30)));
    }

    [Theory]
    [InlineData(1280, 720, 640, 640)]
    [InlineData(720, 1280, 640, 640)]
    [InlineData(1920, 1080, 640, 384)]
    [InlineData(768, 576, 640, 640)]
    public void Source_to_input_and_back_is_the_identity(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight)
    {
        var letterbox = Letterbox.Fit(sourceWidth, sourceHeight, inputWidth, inputHeight);
        var source = new Box(sourceWidth * 0.25f, sourceHeight * 0.5f, sourceWidth * 0.3f, sourceHeight * 0.2f);
        var sx = (float)letterbox.ContentWidth / sourceWidth;
        var sy = (float)letterbox.ContentHeight / sourceHeight;
        var input = new Box(source.X * sx + letterbox.PadX, source.Y * sy + letterbox.PadY, source.Width * sx, source.Height * sy);

        var back = letterbox.ToSource(input);

        Assert.Equal(source.X, back.X, 0.01f);
        Assert.Equal(source.Y, back.Y, 0.01f);
        Assert.Equal(source.Width, back.Width, 0.01f);
        Assert.Equal(source.Height, back.Height, 0.01f);
    }
}
