namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>Counts the ticks of one reminder.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task StartAsync(TimeSpan period);

    Task StopAsync();

    Task<int> GetTicksAsync();
}
