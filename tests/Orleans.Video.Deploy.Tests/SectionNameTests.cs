using System.Reflection;

namespace Orleans.Video.Deploy.Tests;

/// <summary>
/// The configuration's sections, pinned: one name per concept and one options class per name, so that an operator
/// finds a setting where its concept is, and a rename is a decision (with its guard) rather than an accident.
/// </summary>
public sealed class SectionNameTests
{
    [Fact]
    public void Each_section_is_bound_by_one_options_class_and_the_names_are_the_documented_ones()
    {
        var bound = SiloSettings.Sections.GroupBy(s => s.Section).ToDictionary(g => g.Key, g => g.Select(s => s.Options.Name).ToList());

        Assert.All(bound, section => Assert.True(section.Value.Count == 1, $"{section.Key} is bound by {string.Join(", ", section.Value)}"));
        Assert.Equal(
            ["Api", "Cameras", "Detections", "Events", "Inference", "Jobs", "Notifications", "Notifications:Mqtt", "Pipeline", "Postgres", "Silo",
             "Silo:Membership", "Silo:Tls", "Sources", "Storage", "Streams", "Tracking"],
            bound.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_options_class_of_the_product_is_among_the_sections()
    {
        // An options class with a Section constant that the list above does not hold is a section no test or doc knows.
        var listed = SiloSettings.Sections.Select(s => s.Options).ToHashSet();
        var product = Directory.GetFiles(AppContext.BaseDirectory, "Orleans.Video.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith(".TestSupport", StringComparison.Ordinal))
            .Select(name => Assembly.Load(name!))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } || t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .ToList();

        Assert.NotEmpty(product);
        Assert.Empty(product.Where(t => !listed.Contains(t)).Select(t => t.FullName));
    }
}
