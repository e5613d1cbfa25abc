using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Tests;

public sealed class CameraClusterOptionsValidatorTests
{
    [Fact]
    public void The_defaults_pass()
    {
        Assert.True(new CameraClusterOptionsValidator().Validate(null, new CameraClusterOptions()).Succeeded);
    }

    [Fact]
    public void A_sweep_that_never_runs_and_negative_moves_are_refused_naming_each_key()
    {
        var result = new CameraClusterOptionsValidator().Validate(null, new CameraClusterOptions { SweepInterval = TimeSpan.Zero, MaxMovesPerSweep = -1 });

        Assert.True(result.Failed);
        Assert.Equal(["Cameras:SweepInterval must be positive", "Cameras:MaxMovesPerSweep must not be negative"], result.Failures);
    }
}
