using Orleans.Video.Grains.Jobs;

namespace Orleans.Video.Grains.Tests;

public sealed class JobsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);

    [Fact]
    public void A_short_file_gets_chunks_enough_for_every_slot_between_the_bounds()
    {
        var options = new JobsOptions();
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.ChunkLengthFor(TimeSpan.FromSeconds(60), slots: 2));
        Assert.Equal(TimeSpan.FromSeconds(20), options.ChunkLengthFor(TimeSpan.FromHours(3), slots: 2));
        Assert.Equal(TimeSpan.FromSeconds(2), options.ChunkLengthFor(TimeSpan.FromSeconds(12), slots: 8));
        Assert.Equal(TimeSpan.FromSeconds(3), options.ChunkLengthFor(TimeSpan.FromSeconds(12), slots: 0)); // no silo known yet: one slot
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions
        {
            ChunkLength = TimeSpan.FromSeconds(1.5),
            FramesInFlight = 0,
            MaxAttempts = 0,
            LeaseTimeout = TimeSpan.FromSeconds(3),
            MaxUploadBytes = 0,
        });
        Assert.Equal(
            ["Jobs:MinChunkLength must be between 1 s and ChunkLength", "Jobs:FramesInFlight must be between 1 and 64", "Jobs:MaxAttempts must be between 1 and 100",
             "Jobs:LeaseTimeout must be at least three ProgressIntervals", "Jobs:MaxUploadBytes must be positive"],
            result.Failures);
    }
}
