using Orleans.Video.Grains.Jobs;

namespace Orleans.Video.Grains.Tests;

public sealed class JobsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions
        {
            ChunkLength = TimeSpan.FromMilliseconds(100),
            FramesInFlight = 0,
            MaxAttempts = 0,
            LeaseTimeout = TimeSpan.FromSeconds(3),
            MaxUploadBytes = 0,
        });
        Assert.Equal(
            ["Jobs:ChunkLength must be between 1 s and 1 h", "Jobs:FramesInFlight must be between 1 and 64", "Jobs:MaxAttempts must be between 1 and 100",
             "Jobs:LeaseTimeout must be at least three ProgressIntervals", "Jobs:MaxUploadBytes must be positive"],
            result.Failures);
    }
}
