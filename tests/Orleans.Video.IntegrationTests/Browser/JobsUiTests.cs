using Orleans.Video.IntegrationTests.Jobs;
using Orleans.Video.TestSupport;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>
/// The jobs panel in real headless Chromium against two silo processes (<c>jobs-flow.mjs</c>): a file uploaded with
/// a progress bar, the job listed until done, its events listed, and its video played from an event.
/// </summary>
public sealed class JobsUiTests(JobApiFixture fixture, ITestOutputHelper output) : IClassFixture<JobApiFixture>
{
    [Fact]
    public async Task A_file_is_uploaded_analysed_and_played_from_its_events()
    {
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "jobs-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var (exitCode, log) = await BrowserFlow.RunAsync("jobs-flow.mjs", TimeSpan.FromSeconds(110), new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Cluster.Silos[0].BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CLIP"] = fixture.Cluster.Clips.Visit,
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"jobs-flow.mjs exited with code {exitCode}:\n{log}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "no screenshot of the playing video");
    }
}
