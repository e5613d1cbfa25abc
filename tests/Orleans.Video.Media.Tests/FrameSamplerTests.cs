namespace Orleans.Video.Media.Tests;

public sealed class FrameSamplerTests
{
    private static IEnumerable<int> Taken(FrameSampler sampler, double sourceFps, int frames) =>
        Enumerable.Range(0, frames).Where(i => sampler.ShouldTake(TimeSpan.FromSeconds(i / sourceFps))).ToList();

    [Fact]
    public void Samples_25_fps_down_to_5_as_every_fifth_frame() =>
        Assert.Equal([0, 5, 10, 15, 20, 25, 30, 35, 40, 45], Taken(new FrameSampler(5), 25, 50));

    [Fact]
    public void Samples_30_fps_down_to_2_evenly() =>
        Assert.Equal([0, 15, 30, 45], Taken(new FrameSampler(2), 30, 60));

    [Fact]
    public void Takes_every_frame_when_the_source_is_slower_than_the_target() =>
        Assert.Equal(Enumerable.Range(0, 10), Taken(new FrameSampler(10), 5, 10));

    [Fact]
    public void Restarts_after_a_gap_instead_of_bursting_to_catch_up()
    {
        var sampler = new FrameSampler(5);
        Assert.True(sampler.ShouldTake(TimeSpan.Zero));
        // The source stalls for three seconds: the next frame is taken, and only it, not a backlog.
        Assert.True(sampler.ShouldTake(TimeSpan.FromSeconds(3)));
        Assert.False(sampler.ShouldTake(TimeSpan.FromSeconds(3.04)));
        Assert.True(sampler.ShouldTake(TimeSpan.FromSeconds(3.2)));
    }

    [Fact]
    public void Reset_starts_over_at_time_zero()
    {
        var sampler = new FrameSampler(5);
        Assert.True(sampler.ShouldTake(TimeSpan.FromSeconds(10)));
        sampler.Reset();
        Assert.True(sampler.ShouldTake(TimeSpan.Zero));
    }
}
