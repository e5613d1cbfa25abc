namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>Explicitly subscribes to a memory stream, which goes through the PubSubStore grain storage.</summary>
[Alias("test.IStreamProbeGrain")]
public interface IStreamProbeGrain : IGrainWithStringKey
{
    [Alias("Subscribe")]
    Task SubscribeAsync(string streamKey);

    [Alias("GetReceivedCount")]
    Task<int> GetReceivedCountAsync();
}
