using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Notifications;

/// <summary>Fails start-up on notification settings that could never work, naming the key.</summary>
public sealed partial class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    /// <summary>Shorter secrets are guessable from signed bodies.</summary>
    public const int MinSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                errors.Add($"{NotificationsOptions.Section}:{key} {rule}");
            }
        }
        var mqtt = options.Mqtt;
        if (mqtt.Enabled)
        {
            var (host, port) = mqtt.Endpoint();
            Check(host.Length > 0 && !host.Contains('/', StringComparison.Ordinal) && port is > 0 and <= 65535, "Mqtt:Server", "must be host or host:port (e.g. broker.local:1883)");
            Check(TopicPart().IsMatch(mqtt.Prefix), "Mqtt:Prefix", "must be topic levels without wildcards (letters, digits, - _ . /), e.g. orleans-video");
            Check(TopicPart().IsMatch(mqtt.HomeAssistantPrefix), "Mqtt:HomeAssistantPrefix", "must be topic levels without wildcards, e.g. homeassistant");
            Check(mqtt.QueueLimit is >= 1 and <= 1_000_000, "Mqtt:QueueLimit", "must be between 1 and 1000000");
            Check(mqtt.MaxReconnectDelay >= TimeSpan.FromSeconds(1), "Mqtt:MaxReconnectDelay", "must be at least 1 s");
            Check(string.IsNullOrEmpty(mqtt.Password) || !string.IsNullOrEmpty(mqtt.User), "Mqtt:Password", "needs Mqtt:User");
        }
        Check(options.OutboxLimit is >= 1 and <= 10_000_000, nameof(options.OutboxLimit), "must be between 1 and 10000000");
        Check(options.MaxDeliveryAge >= TimeSpan.FromMinutes(1), nameof(options.MaxDeliveryAge), "must be at least a minute");
        Check(options.FirstRetryDelay > TimeSpan.Zero && options.FirstRetryDelay <= options.MaxRetryDelay, nameof(options.FirstRetryDelay), $"must be positive and at most {nameof(options.MaxRetryDelay)}");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var target = options.Webhooks[i];
            var key = $"Webhooks:{i}";
            var url = Uri.TryCreate(target.Url, UriKind.Absolute, out var parsed) ? parsed : null;
            Check(url is { Scheme: "http" or "https" } && string.IsNullOrEmpty(url.UserInfo), $"{key}:Url", "must be an absolute http or https URL without user info");
            Check(target.Secret.Length >= MinSecretLength, $"{key}:Secret", $"must be at least {MinSecretLength} characters (it signs every body)");
            Check(TargetName().IsMatch(target.DisplayName) && names.Add(target.DisplayName), $"{key}:Name",
                "must be unique among the targets and letters, digits, - _ . only (it defaults to the URL's host)");
            Check(target.Kinds.All(kind => Enum.TryParse<EventKind>(kind, ignoreCase: true, out _) && !int.TryParse(kind, out _)), $"{key}:Kinds",
                $"must list event kinds ({string.Join(", ", Enum.GetNames<EventKind>().Select(n => n.ToLowerInvariant()))})");
            Check(target.Timeout >= TimeSpan.FromMilliseconds(100) && target.Timeout <= TimeSpan.FromMinutes(5), $"{key}:Timeout", "must be between 100 ms and 5 min");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex TopicPart();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,100}$")]
    private static partial Regex TargetName();
}
