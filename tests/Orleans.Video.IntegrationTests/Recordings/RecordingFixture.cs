using System.Net.Http.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>
/// A real silo process recording into a private media storage root, with its PostgreSQL, and a live loopback source.
/// Segments are two seconds and indexed every second, so a test sees its recording within seconds.
/// </summary>
public sealed class RecordingFixture : IAsyncLifetime
{
    public static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(2);

    public PostgresServer Postgres { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public SiloProcess Silo { get; private set; } = null!;
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("orleans-video-media-").FullName;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["Storage__Root"] = MediaRoot,
            ["Storage__SegmentLength"] = SegmentLength.ToString(),
            ["Storage__IndexInterval"] = "00:00:01",
            ["Storage__MinFreeBytes"] = "1048576",
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public string Url(string path) => Silo.BaseUrl + path;

    /// <summary>Adds a camera recording <paramref name="source"/> continuously.</summary>
    public async Task AddRecordingCameraAsync(string id, string source, string mode = "continuous")
    {
        var response = await Http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id, source, fps = 2, model = "shapes", motionGate = false, record = new { mode },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Http.Dispose();
        await Postgres.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }
}
