using Orleans.Video.Grains.Jobs;

namespace Orleans.Video.Grains.Tests;

public sealed class JobSamplingTests
{
    [Fact]
    public void Without_a_rate_every_frame_is_analysed()
    {
        Assert.All(Enumerable.Range(0, 100), frame => Assert.True(JobSampling.Takes(frame, 25, 0)));
        Assert.All(Enumerable.Range(0, 100), frame => Assert.True(JobSampling.Takes(frame, 25, 30)));
    }

    [Theory]
    [InlineData(25, 5)]
    [InlineData(25, 10)]
    [InlineData(30, 7)]
    [InlineData(29.97, 5)]
    public void At_a_rate_each_second_of_video_has_that_many_frames_analysed(double frameRate, double fps)
    {
        var taken = Enumerable.Range(0, (int)Math.Round(frameRate * 60)).Where(frame => JobSampling.Takes(frame, frameRate, fps)).ToList();
        Assert.InRange(taken.Count, fps * 60 - 1, fps * 60 + 1);
        // Evenly: no two picks closer than one frame short of the interval.
        var gaps = taken.Zip(taken.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, Math.Floor(frameRate / fps), Math.Ceiling(frameRate / fps)));
    }

    [Fact]
    public void Five_of_twenty_five_are_every_fifth_frame_from_the_first()
    {
        var taken = Enumerable.Range(0, 50).Where(frame => JobSampling.Takes(frame, 25, 5));
        Assert.Equal([0, 5, 10, 15, 20, 25, 30, 35, 40, 45], taken);
    }

    [Fact]
    public void A_frame_time_is_its_number_over_the_rate_to_the_tick()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), JobSampling.TimeOf(25, 25));
        Assert.Equal(TimeSpan.FromTicks(333_667), JobSampling.TimeOf(1, 29.97)); // 1/29.97 s, rounded to the tick
        Assert.Equal(TimeSpan.FromHours(3), JobSampling.TimeOf(3 * 3600 * 25, 25));
    }
}
