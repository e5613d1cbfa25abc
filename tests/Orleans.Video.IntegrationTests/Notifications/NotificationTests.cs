using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.Notifications;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Notifications;

/// <summary>Event updates leave the cluster over MQTT and webhooks, and outlast a broker restart and a receiver that is down.</summary>
public sealed class NotificationTests(NotificationsFixture fixture) : IClassFixture<NotificationsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = fixture.Http;

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    private async Task AddCameraAsync(string id)
    {
        var created = await _http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id,
            source = fixture.Comings,
            fps = 5,
            model = "shapes",
            zones = new[] { new { name = "door", points = new[] { new { x = 0, y = 0 }, new { x = 320, y = 0 }, new { x = 320, y = 360 }, new { x = 0, y = 360 } } } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    /// <summary>Removes the camera (its open events end) and returns every event it stored.</summary>
    private async Task<List<(string Id, bool Ended)>> RemoveCameraAsync(string id)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(Url($"/api/cameras/{id}"))).StatusCode);
        var page = await _http.GetFromJsonAsync<JsonElement>(Url($"/api/events?camera={id}&limit=500"));
        return [.. page.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("end").ValueKind != JsonValueKind.Null))];
    }

    /// <summary>The keys of the updates every stored event must have sent: its start and its end.</summary>
    private static List<string> ExpectedKeys(string camera, List<(string Id, bool Ended)> events)
    {
        Assert.All(events, e => Assert.True(e.Ended, $"event {e.Id} is still open after its camera was removed"));
        return [.. events.SelectMany(e => new[] { $"{camera}/{e.Id}/start", $"{camera}/{e.Id}/end" })];
    }

    /// <summary>The silo's warnings and errors, each with its message line: what a failed wait shows.</summary>
    private string Warnings()
    {
        var lines = fixture.Silo.Output.Split('\n');
        return string.Join('\n', lines.Select((line, i) => (line, i))
            .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal))
            .Select(l => l.i + 1 < lines.Length ? l.line + " " + lines[l.i + 1].Trim() : l.line));
    }

    private Task<JsonElement> NotificationsAsync() => _http.GetFromJsonAsync<JsonElement>(Url("/api/notifications"));

    [Fact]
    public async Task Events_and_states_arrive_on_their_topics_and_a_broker_restart_loses_none()
    {
        await using var subscriber = new MqttSubscriber(fixture.Broker.Server, "#");
        await subscriber.ConnectAsync(Patience);
        await AddCameraAsync("yard");
        List<NotificationPayload.EventBody> Events() => [.. subscriber.Received.Where(m => m.Topic == "video/yard/events").Select(m => NotificationPayload.ReadEvent(m.Payload)!)];
        await Eventually.TrueAsync(() => Events().Any(e => e.Type == "end"), Patience, () => $"an ended event on video/yard/events; got {subscriber.Received.Count} messages");

        var first = Events();
        Assert.Contains(first, e => e.Type == "start" && e.Event.Kind == EventKind.Zone && e.Event.Zone == "door");
        Assert.All(first, e => Assert.Equal("yard", e.Camera));
        // The number people read (#1, #2, …) travels with the internal track id.
        Assert.All(first, e => Assert.InRange(e.Event.TrackNumber, 1, 99));
        Assert.Contains(subscriber.Received, m => m is { Topic: "video/available", Text: MqttTopics.Online });
        var states = subscriber.Received.Where(m => m.Topic == "video/yard/state").Select(m => NotificationPayload.ReadState(m.Payload)!).ToList();
        Assert.Contains(states, s => s.State == CameraState.Running);
        Assert.Contains(subscriber.Received, m => m.Topic == "homeassistant/sensor/video/yard_state/config" && m.Text.Contains("\"state_topic\":\"video/yard/state\"", StringComparison.Ordinal));

        // The broker goes away for a while, the camera keeps seeing things, and the broker comes back.
        await fixture.Broker.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var away = await NotificationsAsync();
        Assert.False(away.GetProperty("mqtt").GetProperty("connected").GetBoolean());
        await fixture.Broker.StartAsync();
        await subscriber.ConnectAsync(Patience);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var expected = ExpectedKeys("yard", await RemoveCameraAsync("yard"));
        Assert.True(expected.Count >= 6, $"only {expected.Count / 2} events in ~15 s");
        await Eventually.TrueAsync(() => expected.All(key => Events().Any(e => e.Key == key)), Patience,
            () => $"every update on MQTT; missing {string.Join(", ", expected.Where(key => Events().All(e => e.Key != key)))}");
        await Eventually.TrueAsync(() => subscriber.Received.Any(m => m.Topic == "video/yard/state" && NotificationPayload.ReadState(m.Payload)!.State == CameraState.Stopped),
            Patience, "the stopped state");
        var mqtt = (await NotificationsAsync()).GetProperty("mqtt");
        Assert.True(mqtt.GetProperty("connected").GetBoolean());
        Assert.Equal(0, mqtt.GetProperty("dropped").GetInt64());
        Assert.True(mqtt.GetProperty("reconnects").GetInt32() >= 1);
    }

    [Fact]
    public async Task Webhooks_get_every_update_once_signed_through_errors_timeouts_and_a_receiver_down_for_30_s()
    {
        var receiver = fixture.Receiver;
        // The first request gets a 500, the second an answer after the sender's timeout, the rest a 204.
        receiver.Answer = number => number switch
        {
            1 => (HttpStatusCode.InternalServerError, TimeSpan.Zero),
            2 => (HttpStatusCode.OK, NotificationsFixture.WebhookTimeout * 2),
            _ => (HttpStatusCode.NoContent, TimeSpan.Zero),
        };
        await AddCameraAsync("gate");
        await Eventually.TrueAsync(() => receiver.Received.Count(r => r.Answered == HttpStatusCode.NoContent) >= 2, Patience,
            () => $"two accepted deliveries; received {receiver.Received.Count}");
        await receiver.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        var down = (await NotificationsAsync()).GetProperty("webhooks").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "ops");
        Assert.True(down.GetProperty("pending").GetInt64() > 0, down.ToString());
        Assert.NotEqual(JsonValueKind.Null, down.GetProperty("lastError").ValueKind);
        receiver.Start();

        var expected = ExpectedKeys("gate", await RemoveCameraAsync("gate"));
        Assert.True(expected.Count >= 10, $"only {expected.Count / 2} events");
        List<string> Accepted() => [.. receiver.Received.Where(r => r.Answered == HttpStatusCode.NoContent).Select(r => r.IdempotencyKey!)];
        // On failure: what the receiver saw of each missing update (number and answer), for the next reader.
        string Missing() => string.Join(", ", expected.Except(Accepted()).Select(key =>
            $"{key} [{string.Join(" ", receiver.Received.Where(r => r.IdempotencyKey == key).Select(r => $"#{r.Number}:{(int?)r.Answered}"))}]"));
        await Eventually.TrueAsync(() => expected.All(Accepted().Contains), Patience, () => $"every update accepted; missing {Missing()}; the silo warned:\n{Warnings()}");

        var received = receiver.Received.ToList();
        // What failed (the 500, the answer too late) came again, with the same key and the same bytes.
        foreach (var failed in received.Where(r => r.Number <= 2))
        {
            Assert.Contains(received, r => r.Number > failed.Number && r.IdempotencyKey == failed.IdempotencyKey && r.Body.SequenceEqual(failed.Body));
        }
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(NotificationsFixture.Secret, r.Body, r.Signature), $"request {r.Number}: bad signature"));
        Assert.All(received, r => Assert.Equal(r.IdempotencyKey, NotificationPayload.ReadEvent(r.Body)!.Key));
        Assert.All(received, r => Assert.Equal("/hooks/", r.Path));
        // Once per key: each update was accepted once, and retried only after an attempt that failed.
        var accepted = Accepted();
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.All(accepted, key => Assert.StartsWith("gate/", key, StringComparison.Ordinal));

        var webhooks = (await NotificationsAsync()).GetProperty("webhooks").EnumerateArray().ToDictionary(w => w.GetProperty("name").GetString()!);
        var ops = webhooks["ops"];
        Assert.Equal(0, ops.GetProperty("pending").GetInt64());
        Assert.Equal(accepted.Count, ops.GetProperty("delivered").GetInt64());
        Assert.Equal(0, ops.GetProperty("dropped").GetInt64());
        var cars = webhooks["cars"];
        Assert.Equal(0, cars.GetProperty("delivered").GetInt64() + cars.GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task The_gauges_the_alerts_read_are_in_the_scrape()
    {
        await AddCameraAsync("metrics-cam");
        // Asking for the notifications' state activates each target's grain, which then reports its backlog.
        await NotificationsAsync();
        using var anonymous = new HttpClient();
        var lines = await Eventually.ValueAsync(
            async () => (await anonymous.GetStringAsync(Url("/metrics"))).Split('\n'),
            scrape => scrape.Any(line => line.StartsWith("orleans_video_camera_running{", StringComparison.Ordinal) && line.Contains("camera=\"metrics-cam\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal)),
            Patience, "metrics-cam running in the scrape");
        Assert.Contains(lines, line => line.StartsWith("orleans_video_storage_available_bytes{", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("orleans_video_storage_capacity_bytes{", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("orleans_video_webhook_pending{", StringComparison.Ordinal) && line.Contains("target=\"cars\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("orleans_video_mqtt_queued{", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(Url("/api/cameras/metrics-cam"))).StatusCode);
        await Eventually.ValueAsync(
            async () => await anonymous.GetStringAsync(Url("/metrics")),
            scrape => !scrape.Split('\n').Any(l => l.StartsWith("orleans_video_camera_running{", StringComparison.Ordinal) && l.Contains("metrics-cam", StringComparison.Ordinal)),
            Patience, "a removed camera to leave the running gauge");
    }
}
