using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Api;
using Orleans.Video.TestSupport;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>The web UI shows a viewer what it may see and nothing that changes anything (<c>roles-flow.mjs</c>), in real Chromium.</summary>
public sealed class RolesUiTests(SiloApiFixture fixture, ITestOutputHelper output) : IClassFixture<SiloApiFixture>
{
    [Fact]
    public async Task A_viewer_sees_cameras_but_no_controls_and_an_admin_sees_them_all()
    {
        var http = fixture.Http;
        using var created = await http.PostAsJsonAsync($"{fixture.Silo.BaseUrl}/api/keys", new { name = "ui-viewer", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var viewer = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var camera = await http.PostAsJsonAsync($"{fixture.Silo.BaseUrl}/api/cameras", new { id = "roles-cam", source = fixture.Clips.MovingBox, fps = 2, model = "shapes" });
        Assert.Equal(HttpStatusCode.Created, camera.StatusCode);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "roles-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var (exitCode, log) = await BrowserFlow.RunAsync("roles-flow.mjs", TimeSpan.FromSeconds(90), new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Silo.BaseUrl,
            ["VIEWER_KEY"] = viewer,
            ["ADMIN_KEY"] = SiloProcess.ApiKey,
            ["CAMERA"] = "roles-cam",
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);
        Assert.True(exitCode == 0, $"roles-flow.mjs exited with code {exitCode}:\n{log}");
    }
}
