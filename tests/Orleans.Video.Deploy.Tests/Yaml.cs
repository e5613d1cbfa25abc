using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>Small navigation helpers over YamlDotNet's node model.</summary>
public static class Yaml
{
    public static YamlNode? Get(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            current = next;
        }
        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlMappingNode mapping
            ? mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, c.Value))
            : [];

    public static string Kind(this YamlMappingNode document) => document.Text("kind") ?? "";

    public static string Name(this YamlMappingNode document) => document.Text("metadata", "name") ?? "";

    public static IEnumerable<YamlMappingNode> Containers(this YamlMappingNode workload) =>
        workload.Items("spec", "template", "spec", "containers").OfType<YamlMappingNode>();

    public static IReadOnlyDictionary<string, string> Labels(this YamlNode node, params string[] path) =>
        node.Entries(path).ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "");
}
