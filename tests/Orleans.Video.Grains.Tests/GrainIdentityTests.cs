using System.Reflection;
using Orleans.Video.Grains.Cameras;

namespace Orleans.Video.Grains.Tests;

/// <summary>
/// Stored state, reminders and messages name grains and types by the identities pinned here, not by class names:
/// a rename must not orphan what is stored. Changing one of these is a data migration, not a refactoring.
/// </summary>
public sealed class GrainIdentityTests
{
    private static readonly Assembly Contracts = typeof(ICameraGrain).Assembly;
    private static readonly Assembly Grains = typeof(CameraGrain).Assembly;

    [Fact]
    public void Every_grain_class_carries_its_pinned_grain_type()
    {
        var types = Grains.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t))
            .ToDictionary(t => t.Name, t => t.GetCustomAttribute<GrainTypeAttribute>()?.GetGrainType(null!, t).ToString());

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["ApiKeyRegistryGrain"] = "apikeys",
                ["AuditLogGrain"] = "audit",
                ["CameraGrain"] = "camera",
                ["CameraPlannerGrain"] = "cameraplanner",
                ["CameraRegistryGrain"] = "cameraregistry",
                ["DetectionLogGrain"] = "detectionlog",
                ["EventLogGrain"] = "eventlog",
                ["EventSnapshotGrain"] = "eventsnapshot",
                ["InferenceGrain"] = "inference",
                ["JobGrain"] = "job",
                ["JobInferenceGrain"] = "jobinference",
                ["JobRegistryGrain"] = "jobregistry",
                ["JobResultsGrain"] = "jobresults",
                ["MqttBridgeGrain"] = "mqtt-bridge",
                ["RecordingBucketGrain"] = "recordingbucket",
                ["RecordingLogGrain"] = "recordinglog",
                ["RecordingStoreGrain"] = "recordingstore",
                ["ResultsIndexGrain"] = "resultsindex",
                ["ReviewGrain"] = "review",
                ["SiloReportsGrain"] = "siloreports",
                ["UploadQuotaGrain"] = "uploadquota",
                ["WebhookGrain"] = "webhook",
            },
            types);
    }

    [Fact]
    public void Every_grain_interface_and_method_has_an_alias()
    {
        var missing = new[] { Contracts, Grains }.SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<AliasAttribute>() is null).Select(m => $"{t.Name}.{m.Name}")
                .Prepend(t.GetCustomAttribute<AliasAttribute>() is null ? t.Name : null))
            .OfType<string>()
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_serialized_type_has_an_alias_and_aliases_are_unique()
    {
        var serialized = new[] { Contracts, Grains }.SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .ToList();

        Assert.NotEmpty(serialized);
        Assert.Empty(serialized.Where(t => t.GetCustomAttribute<AliasAttribute>() is null).Select(t => t.FullName));
        var aliases = serialized.Select(t => t.GetCustomAttribute<AliasAttribute>()!.Alias).ToList();
        Assert.Equal(aliases.Count, aliases.Distinct().Count());
    }

    [Fact]
    public void Persisted_records_hold_concrete_collections_only()
    {
        // An interface-typed member makes the serializer write the runtime type's name into every stored row.
        var persisted = Grains.GetTypes()
            .SelectMany(t => t.GetConstructors())
            .SelectMany(c => c.GetParameters())
            .Where(p => p.GetCustomAttribute<PersistentStateAttribute>() is not null)
            .Select(p => p.ParameterType.GetGenericArguments()[0])
            .ToList();
        Assert.Contains(typeof(CameraRecord), persisted);

        var offending = new List<string>();
        var seen = new HashSet<Type>();
        foreach (var type in persisted)
        {
            Walk(type, offending, seen);
        }
        Assert.Empty(offending);
    }

    private static void Walk(Type type, List<string> offending, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.GetCustomAttribute<GenerateSerializerAttribute>() is null)
        {
            return;
        }
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var property in type.GetProperties(Members).Where(p => p.GetCustomAttribute<IdAttribute>() is not null))
        {
            foreach (var member in Unwrap(property.PropertyType))
            {
                if (member.IsInterface)
                {
                    offending.Add($"{type.Name}.{property.Name}: {member.Name}");
                }
                Walk(member, offending, seen);
            }
        }
    }

    /// <summary>The type and, for generic ones (lists, sets, nullables), its type arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type) =>
        type.IsArray ? [type.GetElementType()!] : [type, .. type.GetGenericArguments().SelectMany(Unwrap)];
}
