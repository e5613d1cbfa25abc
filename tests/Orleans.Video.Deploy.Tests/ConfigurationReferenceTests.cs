namespace Orleans.Video.Deploy.Tests;

/// <summary>The configuration reference (docs/configuration.md) is checked against the options classes, so it cannot drift.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Every_option_the_silo_reads_is_in_docs_configuration_md()
    {
        var reference = File.ReadAllText(DeployFiles.Path("docs", "configuration.md"));
        Assert.StartsWith("# Configuration", reference, StringComparison.Ordinal);
        var missing = SiloSettings.Sections
            .Where(s => s.Section != Orleans.Video.Silo.SiloHostOptions.MembershipSection) // Orleans' own options, linked as a whole
            .SelectMany(s => SiloSettings.Properties(s.Options).Select(p => $"{s.Section}:{p.Name}"))
            .Concat(SiloSettings.Plain)
            .Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, $"missing from docs/configuration.md: {string.Join(", ", missing)}");
    }
}
