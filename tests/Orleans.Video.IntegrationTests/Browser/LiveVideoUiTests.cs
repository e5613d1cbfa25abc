using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>
/// Live video in real headless Chromium against a silo process (<c>live-flow.mjs</c>): an H.264 camera plays in its
/// tile and in the live view with its detection boxes drawn over it; an H.265 camera says the browser cannot play it.
/// </summary>
public sealed class LiveVideoUiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Live_video_plays_in_the_tiles_and_the_live_view_draws_detections_over_it()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var silo = await cluster.AddSiloAsync();
        await cluster.AddCameraAsync("ui-live");
        var hevc = Path.Combine(Path.GetDirectoryName(cluster.Clips.MovingBox)!, "hevc.mp4");
        TestClips.Ffmpeg($"-f lavfi -i testsrc2=s=640x360:r=25:d=2 -c:v libx265 -x265-params log-level=error -preset ultrafast -pix_fmt yuv420p \"{hevc}\"");
        await cluster.AddCameraAsync("ui-hevc", source: hevc);
        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Count(c => c.GetProperty("state").GetString() == "Running") == 2, TimeSpan.FromSeconds(60), "both cameras running");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "live-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var (exitCode, log) = await BrowserFlow.RunAsync("live-flow.mjs", TimeSpan.FromSeconds(110), new Dictionary<string, string>
        {
            ["BASE_URL"] = silo.BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CAMERA"] = "ui-live",
            ["HEVC_CAMERA"] = "ui-hevc",
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"live-flow.mjs exited with code {exitCode}:\n{log}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "no screenshot of the live view");
    }
}
