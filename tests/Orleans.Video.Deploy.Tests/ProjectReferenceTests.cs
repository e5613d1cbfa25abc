using System.Xml.Linq;

namespace Orleans.Video.Deploy.Tests;

/// <summary>
/// What each product project may reference, pinned: a new reference is a decision about the layers (contracts at the
/// bottom, the libraries beside each other, grains over them, the silo and the CLI on top), made here on purpose and
/// not by a using that happened to compile.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly string[] ProductFolders = ["src", "grains", "silo"];

    [Fact]
    public void Product_projects_reference_only_what_their_layer_allows()
    {
        Assert.Equal(
            new SortedDictionary<string, string>
            {
                ["Orleans.Video.Analytics"] = "Orleans.Video.Contracts",
                ["Orleans.Video.Cli"] = "Orleans.Video.Client",
                ["Orleans.Video.Client"] = "Orleans.Video.Contracts",
                ["Orleans.Video.Contracts"] = "",
                ["Orleans.Video.Grains"] = "Orleans.Video.Analytics Orleans.Video.Contracts Orleans.Video.Inference Orleans.Video.Media Orleans.Video.Notifications Orleans.Video.Storage",
                ["Orleans.Video.Inference"] = "Orleans.Video.Contracts Orleans.Video.Models",
                ["Orleans.Video.Media"] = "Orleans.Video.Contracts Orleans.Video.Sources",
                ["Orleans.Video.Models"] = "",
                ["Orleans.Video.Notifications"] = "Orleans.Video.Contracts Orleans.Video.Sources",
                ["Orleans.Video.Silo"] = "Orleans.Video.Client Orleans.Video.Grains Orleans.Video.Storage",
                ["Orleans.Video.Sources"] = "Orleans.Video.Contracts",
                ["Orleans.Video.Storage"] = "Orleans.Video.Contracts",
            },
            new SortedDictionary<string, string>(Projects().ToDictionary(p => p.Key, p => string.Join(' ', p.Value.References.Order(StringComparer.Ordinal)))));
    }

    [Theory]
    [InlineData("Orleans.Video.Notifications")]
    [InlineData("Orleans.Video.Sources")]
    [InlineData("Orleans.Video.Client")]
    public void Libraries_that_do_not_decode_or_infer_carry_neither_ffmpeg_nor_opencv_nor_onnx_runtime(string project)
    {
        var projects = Projects();
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        Visit(project);

        Assert.DoesNotContain("Orleans.Video.Media", closure);
        Assert.DoesNotContain("Orleans.Video.Inference", closure);
        Assert.DoesNotContain(packages, package => package.StartsWith("OpenCvSharp", StringComparison.Ordinal) || package.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)
            || package.StartsWith("FFMpegCore", StringComparison.Ordinal));

        void Visit(string name)
        {
            if (!closure.Add(name))
            {
                return;
            }
            packages.UnionWith(projects[name].Packages);
            foreach (var reference in projects[name].References)
            {
                Visit(reference);
            }
        }
    }

    private static Dictionary<string, (string[] References, string[] Packages)> Projects() =>
        ProductFolders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(DeployFiles.Root, folder), "*.csproj", SearchOption.AllDirectories))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path =>
                {
                    var project = XDocument.Load(path);
                    var references = project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).ToArray();
                    var packages = project.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToArray();
                    return (references, packages);
                });
}
