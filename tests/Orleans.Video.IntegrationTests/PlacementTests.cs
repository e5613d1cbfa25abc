using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class PlacementTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task Inference_grains_are_placed_only_on_the_silo_that_advertises_a_gpu()
    {
        var gpuSilo = fixture.Silos.Single(s => s.Name == VideoClusterFixture.GpuSiloName);
        var otherSilo = fixture.Silos.Single(s => s.Name != VideoClusterFixture.GpuSiloName);
        Assert.NotEqual(gpuSilo.SiloAddress, otherSilo.SiloAddress);

        var hosts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            fixture.Client.GetGrain<IInferenceGrain>($"placement-{i}").GetStatsAsync()));

        Assert.All(hosts, stats => Assert.Contains(gpuSilo.SiloAddress.ToString(), stats.Host));
    }
}
