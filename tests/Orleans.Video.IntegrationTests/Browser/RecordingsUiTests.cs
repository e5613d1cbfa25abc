using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Recordings;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>
/// The recordings panel in real headless Chromium against a recording silo process (<c>recordings-flow.mjs</c>):
/// a camera's recorded stretch on the day's timeline, and a click on it that plays the video (hls.js, H.264).
/// </summary>
public sealed class RecordingsUiTests(RecordingFixture fixture, ITestOutputHelper output) : IClassFixture<RecordingFixture>
{
    [Fact]
    public async Task A_recorded_range_plays_in_the_browser_from_the_timeline()
    {
        // A file read in real time: the 1280x720 H.264 the flow expects to see decoded.
        var clips = new TestClips();
        try
        {
            await fixture.AddRecordingCameraAsync("ui-rec", clips.MovingBox);
            await Eventually.UntilAsync(async () =>
            {
                var page = await fixture.Http.GetFromJsonAsync<JsonElement>(fixture.Url("/api/cameras/ui-rec/recordings"));
                return page.GetProperty("items").EnumerateArray().Any(s =>
                    (s.GetProperty("end").GetDateTimeOffset() - s.GetProperty("start").GetDateTimeOffset()).TotalSeconds >= 8);
            }, TimeSpan.FromSeconds(60), "8 s recorded");

            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "recordings-ui.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            var (exitCode, log) = await BrowserFlow.RunAsync("recordings-flow.mjs", TimeSpan.FromSeconds(110), new Dictionary<string, string>
            {
                ["BASE_URL"] = fixture.Silo.BaseUrl,
                ["API_KEY"] = SiloProcess.ApiKey,
                ["CAMERA"] = "ui-rec",
                ["SCREENSHOT"] = screenshot,
            });
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"recordings-flow.mjs exited with code {exitCode}:\n{log}");
            Assert.True(new FileInfo(screenshot).Length > 20_000, "no screenshot of the playing video");
        }
        finally
        {
            await fixture.Http.DeleteAsync(fixture.Url("/api/cameras/ui-rec"));
            clips.Dispose();
        }
    }
}
