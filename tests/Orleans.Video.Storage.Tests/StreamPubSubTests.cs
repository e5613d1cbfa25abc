using Orleans.Video.TestSupport;
using Orleans.Runtime;
using Orleans.Video.Storage.Tests.TestGrains;

namespace Orleans.Video.Storage.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StreamPubSubTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Memory_stream_subscription_is_kept_in_PubSubStore_and_delivers()
    {
        var streamKey = Guid.NewGuid().ToString("N");
        var consumer = fixture.Client.GetGrain<IStreamProbeGrain>(streamKey);

        await consumer.SubscribeAsync(streamKey);

        var rows = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_storage WHERE service_id = @service AND grain_id_extension LIKE '%' || @key || '%' AND payload IS NOT NULL",
            Sql.P("service", fixture.ServiceId), Sql.P("key", streamKey));
        Assert.Equal(1, rows);

        var stream = fixture.Client.GetStreamProvider(StreamProbeGrain.ProviderName)
            .GetStream<string>(StreamId.Create(StreamProbeGrain.StreamNamespace, streamKey));
        await stream.OnNextAsync("frame-1");
        await stream.OnNextAsync("frame-2");

        await Eventually.ValueAsync(consumer.GetReceivedCountAsync, count => count == 2, Deadline, "two stream items delivered");
    }
}
