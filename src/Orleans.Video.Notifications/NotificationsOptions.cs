namespace Orleans.Video.Notifications;

/// <summary>Where event updates go besides the API (configuration section "Notifications").</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    public MqttOptions Mqtt { get; set; } = new();

    /// <summary>HTTP receivers of every event update (<c>Notifications:Webhooks:0:Url</c>, …).</summary>
    public List<WebhookTarget> Webhooks { get; set; } = [];

    /// <summary>Deliveries a webhook target's outbox holds; beyond it the oldest go, counted as dropped.</summary>
    public int OutboxLimit { get; set; } = 10_000;

    /// <summary>A delivery not accepted within this long is dropped, counted: a receiver gone for good does not fill the database.</summary>
    public TimeSpan MaxDeliveryAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The first retry of a failed delivery waits this long, each next one twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The MQTT broker (section "Notifications:Mqtt"); off while <see cref="Server"/> is empty.</summary>
public sealed class MqttOptions
{
    /// <summary>"host:port" (port 1883, or 8883 with <see cref="Tls"/>, when left out).</summary>
    public string? Server { get; set; }

    public string? User { get; set; }
    public string? Password { get; set; }
    public bool Tls { get; set; }

    /// <summary>Topics are "{Prefix}/{camera}/events", "{Prefix}/{camera}/state" and "{Prefix}/available".</summary>
    public string Prefix { get; set; } = "orleans-video";

    /// <summary>Messages kept while the broker is away; beyond it the oldest go, counted (<see cref="MqttStatus.Dropped"/>).</summary>
    public int QueueLimit { get; set; } = 10_000;

    /// <summary>Reconnect attempts back off from a second up to this.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Publish Home Assistant discovery messages (retained), so each camera appears there as a device.</summary>
    public bool HomeAssistant { get; set; }

    public string HomeAssistantPrefix { get; set; } = "homeassistant";

    public bool Enabled => !string.IsNullOrWhiteSpace(Server);

    public (string Host, int Port) Endpoint()
    {
        var server = Server!.Trim();
        var colon = server.LastIndexOf(':');
        return colon > 0 && int.TryParse(server[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (server[..colon], port)
            : (server, Tls ? 8883 : 1883);
    }
}

/// <summary>One webhook receiver and the events it wants (each filter empty = all).</summary>
public sealed class WebhookTarget
{
    /// <summary>How the API and metrics name the target; the URL's host when left out.</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Signs each body: <c>X-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.</summary>
    public string Secret { get; set; } = "";

    public List<string> Cameras { get; set; } = [];
    public List<string> Labels { get; set; } = [];

    /// <summary>Event kinds: object, zone, loiter.</summary>
    public List<string> Kinds { get; set; } = [];
    public List<string> Zones { get; set; } = [];

    /// <summary>A receiver that has not answered within this long has failed this attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? uri.Host : Url : Name;

    /// <summary>Whether the target wants this event (names compare case-insensitively, as the API's queries do).</summary>
    public bool Wants(VideoEvent e) =>
        Matches(Cameras, e.CameraId) && Matches(Labels, e.Label)
        && (Kinds.Count == 0 || Kinds.Any(kind => string.Equals(kind, e.Kind.ToString(), StringComparison.OrdinalIgnoreCase)))
        && (Zones.Count == 0 || (e.Zone is { } zone && Matches(Zones, zone)));

    private static bool Matches(List<string> wanted, string value) =>
        wanted.Count == 0 || wanted.Any(w => string.Equals(w, value, StringComparison.OrdinalIgnoreCase));
}
