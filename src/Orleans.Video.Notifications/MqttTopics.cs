using System.Text;
using System.Text.Json;

namespace Orleans.Video.Notifications;

/// <summary>The topics and messages the cluster publishes under <see cref="MqttOptions.Prefix"/>.</summary>
public sealed class MqttTopics(MqttOptions options)
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>Retained "online" while the cluster's connection is up; the broker sets "offline" (the last will) when it goes.</summary>
    public string Available => $"{options.Prefix}/available";

    public string Events(string cameraId) => $"{options.Prefix}/{cameraId}/events";

    public string State(string cameraId) => $"{options.Prefix}/{cameraId}/state";

    public MqttMessage Event(EventNotice notice) => new(Events(notice.Event.CameraId), NotificationPayload.Event(notice), Retain: false);

    /// <summary>Retained: a subscriber learns each camera's state as soon as it subscribes.</summary>
    public MqttMessage CameraState(CameraStateNotice notice) => new(State(notice.CameraId), NotificationPayload.State(notice), Retain: true);

    public MqttMessage Availability(bool online) => new(Available, Encoding.UTF8.GetBytes(online ? Online : Offline), Retain: true);

    /// <summary>
    /// Home Assistant MQTT discovery (retained config messages): the camera becomes a device with a "state" sensor and a
    /// "last event" sensor whose attributes are the event, both unavailable when the cluster's connection is gone.
    /// </summary>
    public IEnumerable<MqttMessage> Discovery(string cameraId)
    {
        var node = options.Prefix.Replace('/', '_');
        var device = new Dictionary<string, object>
        {
            ["identifiers"] = new[] { $"{node}_{cameraId}" },
            ["name"] = cameraId,
            ["manufacturer"] = "Orleans.Video",
        };
        MqttMessage Sensor(string suffix, string name, string stateTopic, string valueTemplate, bool attributes) =>
            new($"{options.HomeAssistantPrefix}/sensor/{node}/{cameraId}_{suffix}/config", JsonSerializer.SerializeToUtf8Bytes(
                new Dictionary<string, object>
                {
                    ["name"] = name,
                    ["unique_id"] = $"{node}_{cameraId}_{suffix}",
                    ["state_topic"] = stateTopic,
                    ["value_template"] = valueTemplate,
                    ["availability_topic"] = Available,
                    ["payload_available"] = Online,
                    ["payload_not_available"] = Offline,
                    ["device"] = device,
                }.Concat(attributes
                    ? [new("json_attributes_topic", stateTopic), new("json_attributes_template", "{{ value_json.event | tojson }}")]
                    : Array.Empty<KeyValuePair<string, object>>()).ToDictionary()), Retain: true);

        yield return Sensor("state", "State", State(cameraId), "{{ value_json.state }}", attributes: false);
        yield return Sensor("event", "Last event", Events(cameraId), "{{ value_json.type }} {{ value_json.event.kind }} {{ value_json.event.label }} #{{ value_json.event.trackNumber }}", attributes: true);
    }
}
