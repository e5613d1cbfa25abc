using Orleans.Video.Notifications;

namespace Orleans.Video.Notifications.Tests;

public sealed class NotificationsOptionsTests
{
    private static readonly VideoEvent DoorEvent = new()
    {
        CameraId = "yard",
        Id = "12:zone:door:1",
        Kind = EventKind.Zone,
        Label = "person",
        TrackId = 12,
        Zone = "door",
        Start = DateTimeOffset.UnixEpoch,
    };

    private static IReadOnlyList<string> Errors(NotificationsOptions options)
    {
        var result = new NotificationsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Nothing_configured_is_valid_and_sends_nothing()
    {
        var options = new NotificationsOptions();
        Assert.Empty(Errors(options));
        Assert.False(options.Mqtt.Enabled);
    }

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var options = new NotificationsOptions
        {
            Mqtt = new MqttOptions { Server = "broker:99999", Prefix = "video/#", QueueLimit = 0, Password = "p" },
            Webhooks =
            [
                new WebhookTarget { Url = "ftp://example.com/x", Secret = "short" },
                new WebhookTarget { Name = "ops", Url = "https://ops.example.com/hook", Secret = "0123456789abcdef", Kinds = ["zone", "wave"] },
                new WebhookTarget { Name = "OPS", Url = "https://b.example.com/hook", Secret = "0123456789abcdef", Timeout = TimeSpan.Zero },
            ],
        };
        var errors = Errors(options);
        foreach (var key in new[]
                 {
                     "Mqtt:Server", "Mqtt:Prefix", "Mqtt:QueueLimit", "Mqtt:Password", "Webhooks:0:Url", "Webhooks:0:Secret",
                     "Webhooks:1:Kinds", "Webhooks:2:Name", "Webhooks:2:Timeout",
                 })
        {
            Assert.Contains(errors, error => error.StartsWith($"Notifications:{key} ", StringComparison.Ordinal));
        }
        Assert.Equal(9, errors.Count);
    }

    [Theory]
    [InlineData("broker.local", "broker.local", 1883, false)]
    [InlineData("broker.local", "broker.local", 8883, true)]
    [InlineData("10.0.0.5:1884", "10.0.0.5", 1884, false)]
    public void The_server_takes_a_port_or_the_default_one(string server, string host, int port, bool tls) =>
        Assert.Equal((host, port), new MqttOptions { Server = server, Tls = tls }.Endpoint());

    [Fact]
    public void A_target_is_named_after_its_host_unless_named()
    {
        Assert.Equal("hooks.example.com", new WebhookTarget { Url = "https://hooks.example.com/video" }.DisplayName);
        Assert.Equal("ops", new WebhookTarget { Name = "ops", Url = "https://hooks.example.com/video" }.DisplayName);
    }

    [Theory]
    [InlineData(new string[0], new string[0], new string[0], new string[0], true)]
    [InlineData(new[] { "YARD" }, new[] { "person" }, new[] { "zone" }, new[] { "Door" }, true)]
    [InlineData(new[] { "gate" }, new string[0], new string[0], new string[0], false)]
    [InlineData(new string[0], new[] { "car" }, new string[0], new string[0], false)]
    [InlineData(new string[0], new string[0], new[] { "object", "loiter" }, new string[0], false)]
    [InlineData(new string[0], new string[0], new string[0], new[] { "drive" }, false)]
    public void A_target_gets_only_the_events_its_filters_let_through(string[] cameras, string[] labels, string[] kinds, string[] zones, bool wanted)
    {
        var target = new WebhookTarget { Url = "https://x.example.com/", Cameras = [.. cameras], Labels = [.. labels], Kinds = [.. kinds], Zones = [.. zones] };
        Assert.Equal(wanted, target.Wants(DoorEvent));
    }

    [Fact]
    public void A_zone_filter_lets_no_event_without_a_zone_through()
    {
        var target = new WebhookTarget { Url = "https://x.example.com/", Zones = ["door"] };
        Assert.False(target.Wants(DoorEvent with { Kind = EventKind.Object, Zone = null }));
    }
}
