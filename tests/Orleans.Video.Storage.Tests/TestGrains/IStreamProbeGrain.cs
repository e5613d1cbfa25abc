namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>Explicitly subscribes to a memory stream, which goes through the PubSubStore grain storage.</summary>
public interface IStreamProbeGrain : IGrainWithStringKey
{
    Task SubscribeAsync(string streamKey);

    Task<int> GetReceivedCountAsync();
}
