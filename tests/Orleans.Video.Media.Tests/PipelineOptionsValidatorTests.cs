namespace Orleans.Video.Media.Tests;

public sealed class PipelineOptionsValidatorTests
{
    private static IEnumerable<string> Failures(PipelineOptions options) =>
        new PipelineOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Failures(new PipelineOptions()));
        Assert.Empty(Failures(new PipelineOptions { DecoderThreads = 1 }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Decoder_threads_out_of_range_are_refused_by_key(int threads)
    {
        Assert.Contains(Failures(new PipelineOptions { DecoderThreads = threads }), f => f.StartsWith("Pipeline:DecoderThreads", StringComparison.Ordinal));
    }

    [Fact]
    public void A_back_off_ceiling_below_its_start_is_refused()
    {
        var options = new PipelineOptions { InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(5) };
        Assert.Contains(Failures(options), f => f.StartsWith("Pipeline:MaxBackoff", StringComparison.Ordinal));
    }
}
