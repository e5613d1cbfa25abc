using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Video.Grains.Tests;

public sealed class StreamPollIntervalTests
{
    private const string Key = StreamOptions.Section + ":" + nameof(StreamOptions.PollInterval);

    [Theory]
    [InlineData(null, 25)]
    [InlineData("00:00:00.010", 10)]
    public void The_pulling_agents_read_their_queues_at_the_configured_interval(string? configured, int expectedMs)
    {
        using var host = Build(configured);
        var agents = host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(StreamNames.Provider);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), agents.GetQueueMsgsTimerPeriod);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:02")]
    public void An_interval_outside_one_millisecond_to_one_second_is_refused_with_its_key(string configured)
    {
        using var host = Build(configured);
        // What the silo's start (ValidateOnStart) and its pulling agents both run into.
        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(StreamNames.Provider));
        Assert.Contains(Key, e.Message);
    }

    private static IHost Build(string? pollInterval)
    {
        var builder = Host.CreateApplicationBuilder();
        if (pollInterval is not null)
        {
            builder.Configuration[Key] = pollInterval;
        }
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddVideoGrains());
        return builder.Build();
    }
}
