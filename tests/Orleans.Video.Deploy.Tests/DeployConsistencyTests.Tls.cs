using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>TLS inside the cluster: the compose file and the Kubernetes overlay hand every silo a certificate, its key and the CA.</summary>
public sealed partial class DeployConsistencyTests
{
    private static readonly string[] TlsVariables = ["Silo__Tls__Certificate", "Silo__Tls__Key", "Silo__Tls__Ca"];

    [Fact]
    public void The_tls_overlay_mounts_the_certificate_cert_manager_issues_from_the_cluster_s_ca()
    {
        var manifests = DeployFiles.Kustomize("tls");
        var silo = Assert.Single(Silos(manifests));
        var env = Env(silo);
        Assert.All(TlsVariables, variable => Assert.True(env.ContainsKey(variable), $"{variable} is not set"));
        Assert.All(env.Keys, variable => Assert.True(SiloSettings.Reads(variable), $"{variable} is not read by the silo"));
        // Every file the silo is told to read is in the mounted Secret, which the silos' Certificate fills.
        var mount = silo.Containers().Single().Items("volumeMounts").Single(m => m.Text("name") == "tls");
        var volume = silo.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == "tls");
        Assert.All(TlsVariables, variable => Assert.StartsWith(mount.Text("mountPath") + "/", env[variable], StringComparison.Ordinal));
        Assert.Equal(["ca.crt", "tls.crt", "tls.key"], TlsVariables.Select(v => Path.GetFileName(env[v]!)).Order());
        var certificate = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == volume.Text("secret", "secretName"));
        Assert.Equal(["client auth", "digital signature", "server auth"], certificate.Items("spec", "usages").Select(u => u.ToString()).Order());
        // Issued by a CA issuer whose CA cert-manager makes: ca.crt in the Secret is that CA.
        var issuer = manifests.Single(m => m.Kind() == "Issuer" && m.Name() == certificate.Text("spec", "issuerRef", "name"));
        var ca = manifests.Single(m => m.Kind() == "Certificate" && m.Text("spec", "secretName") == issuer.Text("spec", "ca", "secretName"));
        Assert.Equal("true", ca.Text("spec", "isCA"));
        // The overlay still has everything the CPU one has.
        Assert.Equal(DeployFiles.Kustomize("cpu").Count + 5, manifests.Count);
    }

    [Fact]
    public void The_compose_tls_file_gives_every_silo_of_compose_yaml_the_same_certificate_files()
    {
        var tls = DeployFiles.DocumentsOf(DeployFiles.Path("deploy", "compose.tls.yaml")).Single();
        var services = tls.Entries("services").ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(ComposeSilos().Select(s => s.Name).Order(), services.Keys.Order());
        foreach (var (name, service) in services)
        {
            var env = ((YamlMappingNode)service).Entries("environment").ToDictionary(e => e.Key, e => e.Value.ToString());
            Assert.Equal(TlsVariables.Order(), env.Keys.Order());
            var mount = ((YamlMappingNode)service).Items("volumes").Single().ToString().Split(':')[^2]; // HOST:CONTAINER:ro
            Assert.All(env.Values, file => Assert.StartsWith(mount + "/", file, StringComparison.Ordinal));
        }
    }
}
