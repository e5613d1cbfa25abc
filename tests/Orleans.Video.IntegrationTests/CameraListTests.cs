using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

/// <summary>The control plane's reads: cameras by page from the registry, one camera by one lookup, a compact status.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class CameraListTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task Cameras_are_listed_page_by_page_in_id_order_with_a_compact_status()
    {
        var video = fixture.Video;
        Zone door = new("door", [new(0, 0), new(100, 0), new(100, 100), new(0, 100)], ["object"]);
        string[] ids = ["page-c", "page-a", "page-b"];
        foreach (var id in ids)
        {
            await video.AddCameraAsync(id, new CameraConfig(fixture.Clips.MovingBox, 1, "shapes", Zones: id == "page-b" ? [door] : null,
                Record: new RecordConfig(RecordMode.Events)));
        }

        var all = await video.ListCamerasAsync();
        Assert.Equal(all.Select(s => s.Id).Order(StringComparer.Ordinal), all.Select(s => s.Id));
        Assert.Subset(all.Select(s => s.Id).ToHashSet(), ids.ToHashSet());
        var paged = new List<CameraStatus>();
        string? after = null;
        do
        {
            var page = await video.ListCamerasAsync(after, 2);
            Assert.InRange(page.Items.Count, 1, 2);
            paged.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(all.Select(s => s.Id), paged.Select(s => s.Id));

        // The status summarises the configuration; the whole of it is asked for apart.
        var b = Assert.Single(paged, s => s.Id == "page-b");
        Assert.Equal((fixture.Clips.MovingBox, "shapes", 1.0, RecordMode.Events), (b.Source, b.Model, b.Fps, b.RecordMode));
        Assert.Equal(["door"], b.Zones);
        var config = await video.GetCameraConfigAsync("page-b");
        Assert.Equal(door.Points, Assert.Single(config!.ZoneList).Points);

        Assert.Null(await video.GetCameraAsync("page-never-added"));
        Assert.Null(await video.GetCameraConfigAsync("page-never-added"));
        await video.RemoveCameraAsync("page-a");
        Assert.Null(await video.GetCameraAsync("page-a"));
        Assert.DoesNotContain("page-a", (await video.ListCamerasAsync("page-", 10)).Items.Select(s => s.Id));
        foreach (var id in ids)
        {
            await video.RemoveCameraAsync(id);
        }
    }
}
