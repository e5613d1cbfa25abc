namespace Orleans.Video.Deploy.Tests;

/// <summary>The README's configuration reference is checked against the options classes, so it cannot drift.</summary>
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void Every_option_the_silo_reads_is_in_the_readme_configuration_reference()
    {
        var readme = File.ReadAllText(DeployFiles.Path("README.md"));
        var reference = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        var missing = SiloSettings.Sections
            .Where(s => s.Section != Orleans.Video.Silo.SiloHostOptions.MembershipSection) // Orleans' own options, linked as a whole
            .SelectMany(s => SiloSettings.Properties(s.Options).Select(p => $"{s.Section}:{p.Name}"))
            .Concat(SiloSettings.Plain)
            .Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, $"missing from the README's configuration reference: {string.Join(", ", missing)}");
    }
}
