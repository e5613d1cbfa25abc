namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>Counts the ticks of one reminder.</summary>
[Alias("test.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(TimeSpan period);

    [Alias("Stop")]
    Task StopAsync();

    [Alias("GetTicks")]
    Task<int> GetTicksAsync();
}
