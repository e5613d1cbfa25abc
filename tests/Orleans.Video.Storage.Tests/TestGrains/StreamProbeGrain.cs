using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Video.Storage.Tests.TestGrains;

[GrainType("streamprobe")]
public sealed class StreamProbeGrain : Grain, IStreamProbeGrain
{
    public const string ProviderName = "probe-streams";
    public const string StreamNamespace = "probe";

    private int _received;

    public async Task SubscribeAsync(string streamKey)
    {
        var stream = this.GetStreamProvider(ProviderName).GetStream<string>(StreamId.Create(StreamNamespace, streamKey));
        await stream.SubscribeAsync((_, _) =>
        {
            _received++;
            return Task.CompletedTask;
        });
    }

    public Task<int> GetReceivedCountAsync() => Task.FromResult(_received);
}
