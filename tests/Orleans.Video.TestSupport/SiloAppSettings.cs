using Microsoft.Extensions.Configuration;

namespace Orleans.Video.TestSupport;

/// <summary>
/// The silo's appsettings.json as it ships: tests and the bench configure their own hosts from it, so they run a model
/// as run.sh runs it rather than a copy of its settings that could drift.
/// </summary>
public static class SiloAppSettings
{
    /// <summary>A setting under <c>Silo:Membership</c> (Orleans' <c>ClusterMembershipOptions</c>), as the silo ships it.</summary>
    public static string Membership(string name) =>
        Read()[$"Silo:Membership:{name}"] ?? throw new InvalidOperationException($"appsettings.json has no Silo:Membership:{name}");

    private static IConfigurationRoot Read() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(SiloProcess.RepositoryRoot(), "silo", "Orleans.Video.Silo", "appsettings.json")).Build();

    /// <summary>A model's settings, keys relative to <c>Inference:Models:{name}</c> (<c>Format</c>, <c>Labels:0</c>); empty when there is no such model.</summary>
    public static Dictionary<string, string> Model(string name) =>
        Read()
            .GetSection($"Inference:Models:{name}")
            .AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!);
}
