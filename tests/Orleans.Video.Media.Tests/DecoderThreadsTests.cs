namespace Orleans.Video.Media.Tests;

public sealed class DecoderThreadsTests
{
    [Theory]
    [InlineData(1, 2, 0)]   // fewer decoders than cores: ffmpeg's own choice
    [InlineData(2, 2, 0)]   // as many as cores: still ffmpeg's choice
    [InlineData(3, 2, 1)]   // the first decoder beyond the cores gets one thread
    [InlineData(16, 2, 1)]
    [InlineData(16, 16, 0)]
    public void Automatic_gives_one_thread_once_decoders_outnumber_cores(int running, int cores, int expected) =>
        Assert.Equal(expected, DecoderThreads.For(configured: 0, running, cores));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(16, 2)]
    public void A_configured_count_is_used_as_it_is(int running, int cores) =>
        Assert.Equal(4, DecoderThreads.For(configured: 4, running, cores));
}
