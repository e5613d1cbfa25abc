using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>Reads the files under deploy/ as the tools that use them would.</summary>
public static class DeployFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Every document of a YAML file (kustomize output and manifests hold several).</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().Select(Merge)];
    }

    /// <summary>
    /// Resolves merge keys (<c>&lt;&lt;: *silo</c>) as compose does: a mapping gets the merged mapping's entries it
    /// does not set itself. Returns copies, so an anchor shared by several services is not changed.
    /// </summary>
    public static YamlMappingNode Merge(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        var mergeKey = new YamlScalarNode("<<");
        foreach (var (key, value) in node.Children.Where(c => !c.Key.Equals(mergeKey)))
        {
            merged.Add(key, value is YamlMappingNode mapping ? Merge(mapping) : value);
        }
        if (node.Children.TryGetValue(mergeKey, out var source))
        {
            var sources = source is YamlSequenceNode list ? list.Children.OfType<YamlMappingNode>() : [(YamlMappingNode)source];
            foreach (var (key, value) in sources.SelectMany(m => Merge(m).Children))
            {
                if (!merged.Children.ContainsKey(key))
                {
                    merged.Add(key, value);
                }
            }
        }
        return merged;
    }

    public static IReadOnlyList<YamlMappingNode> DocumentsOf(string path) => Documents(File.ReadAllText(path));

    /// <summary>The manifests of an overlay as Kubernetes would receive them: `kubectl kustomize` (always under test.sh), else the overlay's and base's files.</summary>
    public static IReadOnlyList<YamlMappingNode> Kustomize(string overlay)
    {
        if (Kubectl() is { } kubectl)
        {
            var start = new ProcessStartInfo(kubectl, $"kustomize {Path("deploy", "k8s", "overlays", overlay)}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {error}");
            return Documents(output);
        }
        return [.. ResourcesOf(Path("deploy", "k8s", "overlays", overlay))];
    }

    /// <summary>
    /// The kubectl test.sh installs (<c>VIDEO_KUBECTL</c>, which must then exist), else one on the PATH. Debian 12's own
    /// kubectl (1.20) cannot render a directory under <c>resources:</c>; deploy/setup.sh says where the installed one comes from.
    /// </summary>
    public static string? Kubectl()
    {
        if (Environment.GetEnvironmentVariable("VIDEO_KUBECTL") is { Length: > 0 } installed)
        {
            Assert.True(File.Exists(installed), $"VIDEO_KUBECTL names {installed}, which does not exist: run deploy/setup.sh's video_install_kubectl");
            return installed;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => System.IO.Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// What <c>kubectl kustomize</c> renders, for where it is missing: the resources, with the overlay's patches
    /// applied as strategic merges by name (lists of named items merge item by item, as env and volumes do).
    /// </summary>
    private static List<YamlMappingNode> ResourcesOf(string directory)
    {
        var kustomization = DocumentsOf(System.IO.Path.Combine(directory, "kustomization.yaml")).Single();
        var resources = new List<YamlMappingNode>();
        foreach (var resource in ((YamlSequenceNode)kustomization["resources"]).Children.Select(n => n.ToString()))
        {
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, resource));
            resources.AddRange(Directory.Exists(path) ? ResourcesOf(path) : DocumentsOf(path));
        }
        if (kustomization.Children.TryGetValue("patches", out var patches))
        {
            foreach (var patch in ((YamlSequenceNode)patches).Children.Cast<YamlMappingNode>())
            {
                foreach (var document in DocumentsOf(System.IO.Path.Combine(directory, patch["path"].ToString())))
                {
                    Merge(resources.Single(r => r.Kind() == document.Kind() && r.Name() == document.Name()), document);
                }
            }
        }
        return resources;
    }

    private static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            if (!target.Children.TryGetValue(key, out var existing))
            {
                target.Children[key] = value;
            }
            else if (existing is YamlMappingNode into && value is YamlMappingNode from)
            {
                Merge(into, from);
            }
            else if (existing is YamlSequenceNode list && value is YamlSequenceNode items && items.Children.All(Named))
            {
                foreach (var item in items.Children.Cast<YamlMappingNode>())
                {
                    var same = list.Children.OfType<YamlMappingNode>().FirstOrDefault(i => Named(i) && i["name"].ToString() == item["name"].ToString());
                    if (same is null)
                    {
                        list.Children.Add(item);
                    }
                    else
                    {
                        Merge(same, item);
                    }
                }
            }
            else
            {
                target.Children[key] = value;
            }
        }

        static bool Named(YamlNode node) => node is YamlMappingNode mapping && mapping.Children.ContainsKey("name");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Orleans.Video.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Orleans.Video.sln not found");
    }
}
