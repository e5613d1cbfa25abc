using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>The Kubernetes Job that analyses a file must be able to run: its command in the image, its file readable by the silos, its network allowed.</summary>
public sealed partial class DeployConsistencyTests
{
    private static readonly YamlMappingNode AnalyzeFile = DeployFiles.DocumentsOf(DeployFiles.Path("deploy", "k8s", "jobs", "analyze-file.yaml")).Single();

    [Fact]
    public void The_analyze_file_job_runs_the_cli_the_image_publishes_and_waits_for_the_outcome()
    {
        Assert.Equal("Job", AnalyzeFile.Kind());
        Assert.Equal("Never", AnalyzeFile.Text("spec", "template", "spec", "restartPolicy"));
        var container = AnalyzeFile.Containers().Single();
        Assert.Contains(container.Text("image")!.Split(':')[0], Silos(Gpu).Select(s => s.Containers().Single().Text("image")!.Split(':')[0]));
        var command = container.Items("command").Select(c => c.ToString()).ToList();
        Assert.Equal(["dotnet", "/app/cli/orleans-video.dll"], command);
        Assert.Contains("RUN dotnet publish src/Orleans.Video.Cli -c Release -o /app/cli", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>orleans-video</AssemblyName>", File.ReadAllText(DeployFiles.Path("src", "Orleans.Video.Cli", "Orleans.Video.Cli.csproj")), StringComparison.Ordinal);
        var args = container.Items("args").Select(a => a.ToString()).ToList();
        Assert.Equal(["job", "submit"], args.Take(2));
        Assert.Contains("--wait", args);
    }

    [Fact]
    public void The_analyze_file_job_names_a_file_under_every_silos_media_roots_and_reaches_the_cluster()
    {
        var env = AnalyzeFile.Containers().Single().Items("env").ToList();
        string? Env(string name) => env.SingleOrDefault(e => e.Text("name") == name)?.Text("value");
        foreach (var silo in Silos(Gpu))
        {
            var siloEnv = silo.Containers().Single().Items("env").ToList();
            var root = siloEnv.Single(e => e.Text("name") == "Sources__MediaRoots__0").Text("value")!;
            Assert.StartsWith(root + "/", Env("FILE"), StringComparison.Ordinal);
            Assert.StartsWith(siloEnv.Single(e => e.Text("name") == "Storage__Root").Text("value")!, root, StringComparison.Ordinal);
            Assert.Equal(siloEnv.Single(e => e.Text("name") == "Silo__ClusterId").Text("value"), Env("Silo__ClusterId"));
        }
        // $(VAR) in an env value expands only variables defined before it.
        var names = env.Select(e => e.Text("name")).ToList();
        Assert.True(names.IndexOf("POSTGRES_PASSWORD") < names.IndexOf("Postgres__ConnectionString"));
        Assert.Contains("Password=$(POSTGRES_PASSWORD)", Env("Postgres__ConnectionString"), StringComparison.Ordinal);

        // A client in the NetworkPolicies' terms: allowed to the silos' gateway and to PostgreSQL.
        Assert.Equal("client", AnalyzeFile.Labels("spec", "template", "metadata", "labels")["orleans-video/role"]);
        var policies = DeployFiles.DocumentsOf(DeployFiles.Path("deploy", "k8s", "base", "networkpolicy.yaml"));
        foreach (var policy in policies)
        {
            Assert.Contains(policy.Items("spec", "ingress"), rule => rule.Items("from").Any(from => from.Text("podSelector", "matchLabels", "orleans-video/role") == "client"));
        }
    }
}
