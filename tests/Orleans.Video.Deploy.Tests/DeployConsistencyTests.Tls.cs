using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Transport;

namespace Orleans.Video.Deploy.Tests;

/// <summary>
/// Mutual TLS inside the cluster is the default: compose and both Kubernetes overlays hand every silo a certificate,
/// its key and the CA, and no deploy starts a silo that other machines reach without them.
/// </summary>
public sealed partial class DeployConsistencyTests
{
    private static readonly string[] TlsVariables = ["Silo__Tls__Certificate", "Silo__Tls__Key", "Silo__Tls__Ca"];

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Every_kubernetes_silo_mounts_the_certificate_cert_manager_issues_from_the_cluster_s_ca(string overlay)
    {
        var manifests = DeployFiles.Kustomize(overlay);
        var silos = Silos(manifests).ToList();
        Assert.Equal(overlay == "gpu" ? 2 : 1, silos.Count);
        foreach (var silo in silos)
        {
            var env = Env(silo);
            var secret = MountedSecret(silo, env, ["ca.crt", "tls.crt", "tls.key"]);
            var certificate = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == secret);
            Assert.Equal(["client auth", "digital signature", "server auth"], certificate.Items("spec", "usages").Select(u => u.ToString()).Order());
            // Issued by a CA issuer whose CA cert-manager makes: ca.crt in the Secret is that CA.
            var issuer = manifests.Single(m => m.Kind() == "Issuer" && m.Name() == certificate.Text("spec", "issuerRef", "name"));
            var ca = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == issuer.Text("spec", "ca", "secretName"));
            Assert.Equal("true", ca.Text("spec", "isCA"));
            // Renewed well before it expires; the silo takes the new files within its reload interval.
            Assert.True(ParseHours(certificate.Text("spec", "renewBefore")!) > TimeSpan.FromDays(1));
        }
    }

    [Fact]
    public void The_analyze_file_job_shows_a_client_certificate_from_the_same_ca()
    {
        var secret = MountedSecret(AnalyzeFile, Env(AnalyzeFile), ["ca.crt", "tls.crt", "tls.key"]);
        var manifests = DeployFiles.Kustomize("cpu");
        var client = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == secret);
        Assert.Contains("client auth", client.Items("spec", "usages").Select(u => u.ToString()));
        var silo = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == "orleans-video-silo-tls");
        Assert.Equal(silo.Text("spec", "issuerRef", "name"), client.Text("spec", "issuerRef", "name"));
    }

    [Fact]
    public void Every_compose_silo_gets_the_certificates_the_dev_ca_script_makes()
    {
        var header = File.ReadAllText(DeployFiles.Path("deploy", "compose.yaml"));
        var script = File.ReadAllText(DeployFiles.Path("deploy", "tls-dev-ca.sh"));
        // The header says how to make them, readable by the silos' user.
        Assert.Contains("deploy/tls-dev-ca.sh --containers .data/tls silo client", header, StringComparison.Ordinal);
        Assert.Contains("--containers", script, StringComparison.Ordinal);
        foreach (var (name, service) in ComposeSilos())
        {
            var env = service.Entries("environment").ToDictionary(e => e.Key, e => e.Value.ToString());
            var mount = service.Items("volumes").OfType<YamlMappingNode>().Single(v => v.Text("target") == "/etc/orleans-video/tls");
            Assert.Equal("true", mount.Text("read_only"));
            // A missing folder stops compose, instead of silos starting on an empty one.
            Assert.Equal("false", mount.Text("bind", "create_host_path"));
            Assert.Equal("${VIDEO_TLS_DIR:-../.data/tls}", mount.Text("source"));
            Assert.All(TlsVariables, variable => Assert.StartsWith("/etc/orleans-video/tls/", env[variable], StringComparison.Ordinal));
            // The names the script writes for "silo".
            Assert.Equal(["ca.pem", "silo-key.pem", "silo.pem"], TlsVariables.Select(v => Path.GetFileName(env[v])).Order());
        }
        Assert.False(File.Exists(DeployFiles.Path("deploy", "compose.tls.yaml")), "TLS is compose.yaml's default; an overlay for it would suggest otherwise");
    }

    [Fact]
    public void No_deploy_starts_a_silo_that_other_machines_reach_without_tls()
    {
        var dockerfile = DockerfileEnv();
        var silos = ComposeSilos().Select(s => (s.Name, Env: s.Service.Entries("environment").ToDictionary(e => e.Key, e => (string?)e.Value.ToString())))
            .Concat(new[] { "cpu", "gpu" }.SelectMany(o => Silos(DeployFiles.Kustomize(o))).Select(s => (Name: s.Name(), Env: Env(s))))
            .ToList();
        Assert.Equal(7, silos.Count); // compose: 3 and the GPU silo; cpu: 1; gpu: 2
        foreach (var (name, env) in silos)
        {
            // The image's variables, then the deployment's (a value from the downward API, the pod's IP, is not known here).
            var merged = dockerfile.ToDictionary(e => e.Key, e => (string?)e.Value);
            foreach (var (key, value) in env.Where(e => e.Value is not null))
            {
                merged[key] = value;
            }
            var options = Bind(merged);
            Assert.NotNull(TransportSecurityValidator.Exposure(options)); // containers: reachable from other pods
            Assert.True(TransportSecurityValidator.Refusal(options) is null, $"{name}: {TransportSecurityValidator.Refusal(options)}");
            Assert.False(options.AllowInsecure, $"{name} runs without TLS on purpose");
        }
        // The check itself must be able to say no: the image alone, without certificates, refuses.
        Assert.NotNull(TransportSecurityValidator.Refusal(Bind(dockerfile.ToDictionary(e => e.Key, e => (string?)e.Value))));
    }

    /// <summary>The Secret a workload mounts where its TLS variables point, holding exactly <paramref name="files"/>.</summary>
    private static string MountedSecret(YamlMappingNode workload, Dictionary<string, string?> env, string[] files)
    {
        Assert.All(TlsVariables, variable => Assert.True(env.ContainsKey(variable), $"{workload.Name()}: {variable} is not set"));
        var directory = Path.GetDirectoryName(env[TlsVariables[0]])!;
        Assert.All(TlsVariables, variable => Assert.Equal(directory, Path.GetDirectoryName(env[variable])));
        Assert.Equal(files, TlsVariables.Select(v => Path.GetFileName(env[v]!)).Order());
        var mount = workload.Containers().Single().Items("volumeMounts").Single(m => m.Text("mountPath") == directory);
        Assert.Equal("true", mount.Text("readOnly"));
        var volume = workload.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == mount.Text("name"));
        return volume.Text("secret", "secretName")!;
    }

    /// <summary>The silo's options as it would bind them from these environment variables.</summary>
    private static SiloHostOptions Bind(Dictionary<string, string?> env)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Where(e => e.Value is not null).Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), e.Value)))
            .Build();
        return configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
    }

    private static TimeSpan ParseHours(string text) =>
        text.EndsWith('h') ? TimeSpan.FromHours(int.Parse(text[..^1])) : throw new FormatException($"duration '{text}' is not in hours");
}
