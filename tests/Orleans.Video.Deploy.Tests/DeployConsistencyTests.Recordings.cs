using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>Recordings must land in one place every silo sees: a playback served by one silo reads what another wrote.</summary>
public sealed partial class DeployConsistencyTests
{
    [Fact]
    public void Every_kubernetes_silo_mounts_the_shared_media_claim_at_its_storage_root()
    {
        var claim = Gpu.Single(m => m.Kind() == "PersistentVolumeClaim" && m.Name() == "orleans-video-media");
        Assert.Equal(["ReadWriteMany"], claim.Items("spec", "accessModes").Select(a => a.ToString()));
        var silos = Silos(Gpu).ToList();
        Assert.Equal(2, silos.Count); // the CPU and the GPU deployment
        foreach (var silo in silos)
        {
            var container = silo.Containers().Single();
            var root = container.Items("env").Single(e => e.Text("name") == "Storage__Root").Text("value");
            var mount = container.Items("volumeMounts").Single(m => m.Text("mountPath") == root);
            var volume = silo.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == mount.Text("name"));
            Assert.Equal(claim.Name(), volume.Text("persistentVolumeClaim", "claimName"));
            Assert.Equal(silo.Text("spec", "template", "spec", "securityContext", "runAsUser"), silo.Text("spec", "template", "spec", "securityContext", "fsGroup"));
            Assert.True(long.Parse(container.Items("env").Single(e => e.Text("name") == "Storage__MaxBytes").Text("value")!) < Gibibytes(claim.Text("spec", "resources", "requests", "storage")!),
                "Storage__MaxBytes must be below the claim's size, so the oldest recordings go before the volume fills");
        }
    }

    [Fact]
    public void Every_compose_silo_mounts_one_recordings_volume_at_its_storage_root()
    {
        var volumes = new HashSet<string>();
        foreach (var (name, service) in ComposeSilos())
        {
            var root = service.Text("environment", "Storage__Root");
            Assert.False(string.IsNullOrEmpty(root), $"{name} sets no Storage__Root");
            var mount = service.Items("volumes").Select(v => v.ToString()).Single(v => v.EndsWith($":{root}", StringComparison.Ordinal));
            volumes.Add(mount.Split(':')[0]);
        }
        var volume = Assert.Single(volumes);
        Assert.NotNull(Compose.Single().Get("volumes", volume));
        Assert.Contains($"mkdir -p {Compose.Single().Text("x-silo", "environment", "Storage__Root")}", File.ReadAllText(DeployFiles.Path("deploy", "docker", "Dockerfile")));
    }

    [Fact]
    public void The_image_serves_the_player_version_the_setup_script_installs()
    {
        var pinned = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(DeployFiles.Path("deploy", "setup.sh")), @"VIDEO_HLS_VERSION=(\S+)");
        Assert.True(pinned.Success, "deploy/setup.sh pins no VIDEO_HLS_VERSION");
        Assert.Contains($"hls.js@{pinned.Groups[1].Value}", File.ReadAllText(DeployFiles.Path("deploy", "docker", "Dockerfile")));
    }

    private static long Gibibytes(string quantity) =>
        quantity.EndsWith("Gi", StringComparison.Ordinal) ? long.Parse(quantity[..^2]) * 1024 * 1024 * 1024
        : quantity.EndsWith("Ti", StringComparison.Ordinal) ? long.Parse(quantity[..^2]) * 1024L * 1024 * 1024 * 1024
        : throw new FormatException($"quantity '{quantity}' is not in Gi or Ti");
}
