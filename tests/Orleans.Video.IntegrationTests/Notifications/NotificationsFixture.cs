using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Notifications;

/// <summary>
/// A silo process that sends event updates to Debian's mosquitto and to a webhook receiver, all on loopback. Camera
/// "yard" is for MQTT; webhook target "ops" takes camera "gate" only, and target "cars" wants a label no camera sees.
/// </summary>
public sealed class NotificationsFixture : IAsyncLifetime
{
    public const string Prefix = "video";
    public const string Secret = "webhook-secret-0123456789";

    /// <summary>The receiver's answer, when it has not answered within this long, is too late.</summary>
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(2);

    public PostgresServer Postgres { get; } = new();
    public TestClips Clips { get; } = new();
    public MosquittoBroker Broker { get; } = new();
    public WebhookReceiver Receiver { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>Recordings' root: its disk is what the storage gauges report.</summary>
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("orleans-video-media-").FullName;

    /// <summary>640x360, 4 s, looped by the camera: a square crosses the left half in the first 2.5 s, then nothing.</summary>
    public string Comings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        await Broker.StartAsync();
        Receiver.Start();
        Comings = Path.Combine(Clips.Directory, "comings.mp4");
        TestClips.Ffmpeg($"-f lavfi -i color=c=black:s=640x360:r=25:d=4 -f lavfi -i color=c=white:s=80x80:r=25 " +
                         "-filter_complex \"[0][1]overlay=x='40+100*t':y=140:enable='lt(t,2.5)':shortest=1\" " +
                         $"-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g 25 \"{Comings}\"");
        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["Notifications__Mqtt__Server"] = Broker.Server,
            ["Notifications__Mqtt__Prefix"] = Prefix,
            ["Notifications__Mqtt__HomeAssistant"] = "true",
            ["Notifications__Mqtt__MaxReconnectDelay"] = "00:00:01",
            ["Notifications__Webhooks__0__Name"] = "ops",
            ["Notifications__Webhooks__0__Url"] = Receiver.Url,
            ["Notifications__Webhooks__0__Secret"] = Secret,
            ["Notifications__Webhooks__0__Cameras__0"] = "gate",
            ["Notifications__Webhooks__0__Timeout"] = WebhookTimeout.ToString(),
            ["Notifications__Webhooks__1__Name"] = "cars",
            ["Notifications__Webhooks__1__Url"] = Receiver.Url + "cars",
            ["Notifications__Webhooks__1__Secret"] = Secret,
            ["Notifications__Webhooks__1__Labels__0"] = "car",
            ["Notifications__FirstRetryDelay"] = "00:00:00.500",
            ["Notifications__MaxRetryDelay"] = "00:00:02",
            ["Storage__Root"] = MediaRoot,
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Receiver.DisposeAsync();
        await Broker.DisposeAsync();
        Http.Dispose();
        Clips.Dispose();
        await Postgres.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }
}
