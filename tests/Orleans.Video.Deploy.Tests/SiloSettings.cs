using System.Reflection;
using Orleans.Configuration;
using Orleans.Video.Analytics;
using Orleans.Video.Grains;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Detections;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Notifications;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Security;
using Orleans.Video.Storage;
using Orleans.Video.Storage.Results;
using Orleans.Video.Sources;

namespace Orleans.Video.Deploy.Tests;

/// <summary>Every configuration key the silo reads, taken from its options classes.</summary>
public static class SiloSettings
{
    public static readonly IReadOnlyList<(string Section, Type Options)> Sections =
    [
        (SiloHostOptions.Section, typeof(SiloHostOptions)),
        (SiloHostOptions.MembershipSection, typeof(ClusterMembershipOptions)),
        (ApiOptions.Section, typeof(ApiOptions)),
        (SourceOptions.Section, typeof(SourceOptions)),
        (MediaStorageOptions.Section, typeof(MediaStorageOptions)),
        (PipelineOptions.Section, typeof(PipelineOptions)),
        (CameraClusterOptions.Section, typeof(CameraClusterOptions)),
        (StreamOptions.Section, typeof(StreamOptions)),
        (TrackerOptions.Section, typeof(TrackerOptions)),
        (EventOptions.Section, typeof(EventOptions)),
        (DetectionStorageOptions.Section, typeof(DetectionStorageOptions)),
        (InferenceOptions.SectionName, typeof(InferenceOptions)),
        (PostgresOptions.SectionName, typeof(PostgresOptions)),
        (JobsOptions.Section, typeof(JobsOptions)),
        (NotificationsOptions.Section, typeof(NotificationsOptions)),
        (MqttSection, typeof(MqttOptions)),
        (SiloHostOptions.TlsSection, typeof(Orleans.Video.Client.ClusterTlsOptions)),
    ];

    private const string MqttSection = $"{NotificationsOptions.Section}:{nameof(NotificationsOptions.Mqtt)}";

    /// <summary>Keys read directly from configuration rather than through an options class.</summary>
    public static readonly IReadOnlyList<string> Plain = ["Urls", VideoSiloHostExtensions.DataProtectionKeysDirectory];

    /// <summary>Variables read by the .NET runtime, ASP.NET Core and OpenTelemetry themselves, by glibc's malloc, and by the NVIDIA container runtime.</summary>
    public static readonly IReadOnlyList<string> PlatformPrefixes = ["DOTNET_", "ASPNETCORE_", "OTEL_", "MALLOC_", "NVIDIA_"];

    public static IEnumerable<string> Keys =>
        Sections.SelectMany(s => Properties(s.Options).Select(p => $"{s.Section}:{p.Name}")).Concat(Plain);

    public static IEnumerable<PropertyInfo> Properties(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    /// <summary>Whether an environment variable (<c>Section__Key</c>) names something the silo reads.</summary>
    public static bool Reads(string variable)
    {
        if (PlatformPrefixes.Any(prefix => variable.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return true;
        }
        // List items (Sources__MediaRoots__0) bind to the list property.
        var parts = variable.Split("__").Where(part => !part.All(char.IsDigit)).ToArray();
        var key = string.Join(':', parts);
        if (parts.Length == 4 && parts[0] == InferenceOptions.SectionName && parts[1] == nameof(InferenceOptions.Models))
        {
            return Properties(typeof(ModelDefinition)).Any(p => p.Name.Equals(parts[3], StringComparison.OrdinalIgnoreCase));
        }
        // Webhook targets are list items (Notifications__Webhooks__0__Url).
        if (parts.Length == 3 && parts[0] == NotificationsOptions.Section && parts[1] == nameof(NotificationsOptions.Webhooks))
        {
            return Properties(typeof(WebhookTarget)).Any(p => p.Name.Equals(parts[2], StringComparison.OrdinalIgnoreCase));
        }
        return Keys.Contains(key, StringComparer.OrdinalIgnoreCase);
    }
}
