using Orleans.Video.TestSupport;
using Orleans.Video.IntegrationTests.Api;
using Orleans.Video.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>
/// The web UI (silo/Orleans.Video.Silo/wwwroot) in real headless Chromium against a real silo process:
/// <c>ui-flow.mjs</c> (playwright-core driving Debian's /usr/bin/chromium, both installed by deploy/setup.sh)
/// logs in, adds a camera, waits for its annotated picture in the Live view, checks a rejected add, adds a second
/// camera with a zone (after zones that are not JSON were refused in the page), draws a zone with the mouse and reads
/// it back in source pixels, waits for the Search view to show the zone event with a loaded thumbnail, opens views from
/// their addresses and moves back and forward, checks a phone's width, and removes the first camera.
/// <c>labels-flow.mjs</c> checks the form's labels to track against <c>GET /api/models</c> and a saved camera.
/// </summary>
public sealed class WebUiTests(SiloApiFixture fixture, ITestOutputHelper output) : IClassFixture<SiloApiFixture>
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Operator_logs_in_adds_cameras_sees_boxes_draws_a_zone_finds_events_by_address_and_removes_a_camera_in_a_real_browser()
    {
        // Next to the test assembly, so a CI run keeps it with the other test outputs.
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "web-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var (exitCode, log) = await BrowserFlow.RunAsync("ui-flow.mjs", FlowTimeout, new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Silo.BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CLIP"] = fixture.Clips.MovingBox,
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);

        Assert.True(exitCode == 0, $"ui-flow.mjs exited with code {exitCode}:\n{log}\nsilo output:\n{Tail(fixture.Silo.Output, 40)}");
        var png = new FileInfo(screenshot);
        Assert.True(png.Exists, $"no screenshot at {screenshot}");
        Assert.InRange(png.Length, 20_000, 20_000_000);
        var header = new byte[8];
        await using (var file = png.OpenRead())
        {
            await file.ReadExactlyAsync(header);
        }
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        output.WriteLine($"screenshot: {screenshot}");
        Console.WriteLine($"web UI screenshot: {screenshot}");
    }

    [Fact]
    public async Task The_camera_form_offers_the_models_labels_and_a_camera_saved_with_some_reads_back_with_them()
    {
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "web-ui-labels.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var (exitCode, log) = await BrowserFlow.RunAsync("labels-flow.mjs", TimeSpan.FromSeconds(90), new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Silo.BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CLIP"] = fixture.Clips.MovingBox,
            ["CAMERA"] = "browser-labels",
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"labels-flow.mjs exited with code {exitCode}:\n{log}\nsilo output:\n{Tail(fixture.Silo.Output, 40)}");
    }

    [Fact]
    public async Task An_alert_is_reviewed_with_the_keyboard_and_leaves_the_queue_and_the_headers_count()
    {
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "web-ui-reviewed.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var (exitCode, log) = await BrowserFlow.RunAsync("review-flow.mjs", TimeSpan.FromSeconds(150), new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Silo.BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CLIP"] = fixture.Clips.MovingBox,
            ["CAMERA"] = "browser-review",
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"review-flow.mjs exited with code {exitCode}:\n{log}\nsilo output:\n{Tail(fixture.Silo.Output, 40)}");
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
