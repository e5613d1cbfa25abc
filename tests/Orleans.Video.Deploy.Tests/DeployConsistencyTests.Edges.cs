using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Deploy.Tests;

/// <summary>
/// The edges between the silos and what is in front of and under them: body limits per route, the Host header,
/// forwarded addresses, ffmpeg's version in the images, the media volume's class, rollouts and pod privileges.
/// </summary>
public sealed partial class DeployConsistencyTests
{
    /// <summary>nginx.conf without its comments, which name directives too.</summary>
    private static readonly string Nginx = Regex.Replace(File.ReadAllText(DeployFiles.Path("deploy", "nginx", "nginx.conf")), "#[^\n]*", "");

    /// <summary>The form fields a job upload may carry beside its file (JobUpload: 8 of at most 64 KiB).</summary>
    private const long UploadFieldBytes = 8 * 64 * 1024;

    private static long MaxUploadBytes => AppSettings().GetProperty("Jobs").GetProperty("MaxUploadBytes").GetInt64();

    [Fact]
    public void Nginx_lets_a_job_upload_as_large_as_the_silo_takes_and_keeps_other_bodies_small()
    {
        var jobs = NginxLocations().Single(l => l.Pattern == "= /api/jobs").Body;
        var uploadLimit = NginxSize(Directive(jobs, "client_max_body_size"));
        Assert.InRange(uploadLimit, MaxUploadBytes + UploadFieldBytes, MaxUploadBytes + 16 * 1024 * 1024);
        // Streamed to the silo, not first spooled whole to nginx's disk.
        Assert.Equal("off", Directive(jobs, "proxy_request_buffering"));
        Assert.DoesNotContain(ComposeSilos(), s => s.Service.Get("environment", "Jobs__MaxUploadBytes") is not null);

        var server = Regex.Replace(Nginx, @"location [^{]+\{[^}]*\}", "");
        var small = NginxSize(Directive(server, "client_max_body_size"));
        Assert.InRange(small, 64 * 1024 + 1, 1024 * 1024);
        Assert.All(NginxLocations().Where(l => l.Pattern != "= /api/jobs"), l => Assert.Null(Directive(l.Body, "client_max_body_size")));
    }

    [Fact]
    public void The_ingress_lets_a_job_upload_through_on_its_route_only()
    {
        var ingresses = Gpu.Where(m => m.Kind() == "Ingress").ToList();
        string? BodySize(YamlMappingNode ingress) => ingress.Text("metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-body-size");
        var jobs = ingresses.Single(i => i.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Any(p => p.Text("path") == "/api/jobs"));
        var paths = jobs.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).ToList();
        Assert.All(paths, p => Assert.Equal(("/api/jobs", "Exact"), (p.Text("path"), p.Text("pathType"))));
        Assert.Equal(NginxSize(Directive(NginxLocations().Single(l => l.Pattern == "= /api/jobs").Body, "client_max_body_size")), NginxSize(BodySize(jobs)));
        Assert.Equal("off", jobs.Text("metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-request-buffering"));
        // Every other Ingress says its limit rather than leaving ingress-nginx's 1m default to chance, and keeps it small.
        Assert.All(ingresses.Where(i => i != jobs), i => Assert.InRange(NginxSize(BodySize(i)), 64 * 1024 + 1, 1024 * 1024));
        // The same host and certificate as the main one.
        Assert.All(ingresses, i => Assert.Equal(["orleans-video.example.com"], i.Items("spec", "rules").Select(r => r.Text("host"))));
    }

    [Fact]
    public void Every_nginx_location_passes_the_host_with_its_port_and_the_client_s_address_and_scheme()
    {
        var locations = NginxLocations().ToList();
        Assert.Equal(4, locations.Count);
        foreach (var (pattern, body) in locations)
        {
            // $host drops the port: a WebSocket's Origin (host:8080) would not match it, and live video is refused.
            Assert.Contains("proxy_set_header Host $http_host;", body, StringComparison.Ordinal);
            Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", body, StringComparison.Ordinal);
            Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("$host;", Nginx, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_silos_take_the_client_s_address_from_nginx_and_nothing_else()
    {
        var compose = Compose.Single();
        var subnet = System.Net.IPNetwork.Parse(compose.Items("networks", "default", "ipam", "config").Single().Text("subnet")!);
        var nginx = System.Net.IPAddress.Parse(compose.Text("services", "nginx", "networks", "default", "ipv4_address")!);
        Assert.True(subnet.Contains(nginx));
        foreach (var (name, service) in ComposeSilos())
        {
            var trusted = TrustedProxies(service.Entries("environment").ToDictionary(e => e.Key, e => (string?)e.Value.ToString()));
            Assert.Equal([nginx.ToString()], trusted.TrustedProxies);
        }
    }

    [Fact]
    public void Kubernetes_silos_take_the_client_s_address_from_the_ingress_controller()
    {
        foreach (var silo in Silos(Gpu))
        {
            var trusted = TrustedProxies(Env(silo));
            Assert.NotEmpty(trusted.TrustedProxies);
            // Only private ranges: the pod network, where the ingress controller runs; never the whole internet.
            Assert.All(trusted.ParseTrustedProxies().Networks, n => Assert.Contains(n.ToString(), new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16" }));
        }
        // And HTTP reaches the silos only from the ingress controller's namespace and labelled pods.
        var policy = Gpu.Single(m => m.Kind() == "NetworkPolicy" && m.Name() == "orleans-video-silo");
        Assert.Contains(policy.Items("spec", "ingress").SelectMany(r => r.Items("from")),
            from => from.Text("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") == "ingress-nginx");
    }

    /// <summary>Where ffmpeg comes from the base image's distribution, the major version that release ships.</summary>
    private static readonly (string Base, int FfmpegMajor)[] Releases =
    [
        ("mcr.microsoft.com/dotnet/aspnet:10.0", 6), // Ubuntu 24.04, the .NET 10 images' default
        ("-ubuntu24.04", 6),
        ("-ubuntu22.04", 4),
        ("-ubuntu20.04", 4),
        ("-bookworm", 5),
    ];

    [Fact]
    public void Every_image_gets_an_ffmpeg_the_decoder_can_drive()
    {
        var bases = Regex.Matches(Dockerfile, @"RUNTIME_BASE=(\S+)").Select(m => m.Groups[1].Value)
            .Concat(ComposeSilos().Select(s => s.Service.Text("build", "args", "RUNTIME_BASE")).OfType<string>())
            .Concat(Regex.Matches(File.ReadAllText(DeployFiles.Path("docs", "operations.md")), @"RUNTIME_BASE=(\S+?)[`\s]").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0", bases);
        Assert.Contains(bases, b => b.StartsWith("nvidia/cuda:", StringComparison.Ordinal));
        foreach (var image in bases)
        {
            var release = Releases.Where(r => image == r.Base || image.EndsWith(r.Base, StringComparison.Ordinal)).ToList();
            Assert.True(release.Count == 1, $"{image}: which ffmpeg its distribution ships is not known here; add it to {nameof(Releases)}");
            Assert.True(release[0].FfmpegMajor >= Orleans.Video.Media.FfmpegInstallation.MinimumMajorVersion,
                $"{image} ships ffmpeg {release[0].FfmpegMajor}, older than {Orleans.Video.Media.FfmpegInstallation.MinimumMajorVersion}: RTSP's -timeout means listen there");
        }
        // From the distribution, where the table above holds.
        Assert.Matches(@"apt-get install[^\n]*\bffmpeg\b", Dockerfile);
    }

    [Fact]
    public void The_media_claim_names_a_storage_class_the_docs_say_to_set()
    {
        var claim = Gpu.Single(m => m.Kind() == "PersistentVolumeClaim" && m.Name() == "orleans-video-media");
        var storageClass = claim.Text("spec", "storageClassName");
        Assert.False(string.IsNullOrEmpty(storageClass), "with no class, the cluster's default (usually ReadWriteOnce only) leaves the claim Pending, unexplained");
        var operations = File.ReadAllText(DeployFiles.Path("docs", "operations.md"));
        Assert.Contains($"`{storageClass}`", operations, StringComparison.Ordinal);
        Assert.Contains("storageClassName", operations, StringComparison.Ordinal);
        var manifest = File.ReadAllText(DeployFiles.Path("deploy", "k8s", "base", "media-pvc.yaml"));
        Assert.Contains($"storageclass \"{storageClass}\" not found", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rollout_never_takes_a_silo_down_before_its_replacement_is_ready()
    {
        foreach (var silo in Silos(Gpu))
        {
            Assert.Equal("0", silo.Text("spec", "strategy", "rollingUpdate", "maxUnavailable"));
            Assert.Equal("1", silo.Text("spec", "strategy", "rollingUpdate", "maxSurge"));
            Assert.Null(silo.Text("spec", "strategy", "type")); // RollingUpdate, not Recreate
        }
    }

    [Fact]
    public void Every_pod_runs_restricted_with_a_read_only_root()
    {
        var workloads = Gpu.Where(m => m.Kind() is "Deployment" or "StatefulSet").Append(AnalyzeFile).ToList();
        Assert.Equal(4, workloads.Count);
        foreach (var workload in workloads)
        {
            var pod = workload.Get("spec", "template", "spec")!;
            Assert.Equal("true", pod.Text("securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", pod.Text("securityContext", "runAsUser"));
            Assert.Equal("RuntimeDefault", pod.Text("securityContext", "seccompProfile", "type"));
            foreach (var container in workload.Containers())
            {
                Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
                Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
                Assert.Equal(["ALL"], container.Items("securityContext", "capabilities", "drop").Select(c => c.ToString()));
                Assert.Empty(container.Items("securityContext", "capabilities", "add"));
            }
        }
        foreach (var silo in Silos(Gpu))
        {
            Assert.Equal("10001", silo.Text("spec", "template", "spec", "securityContext", "runAsGroup"));
            // What the silo writes outside its volumes: ffmpeg's pipes and the live-video sockets, under /tmp.
            var tmp = silo.Containers().Single().Items("volumeMounts").Single(m => m.Text("mountPath") == "/tmp");
            var volume = silo.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == tmp.Text("name"));
            Assert.NotNull(volume.Get("emptyDir"));
            Assert.Null(tmp.Text("readOnly"));
        }
    }

    private static ApiOptions TrustedProxies(Dictionary<string, string?> env)
    {
        var options = new ApiOptions
        {
            TrustedProxies = [.. env.Where(e => e.Key.StartsWith("Api__TrustedProxies__", StringComparison.Ordinal)).OrderBy(e => e.Key).Select(e => e.Value!)],
        };
        Assert.Empty(options.ParseTrustedProxies().Errors);
        return options;
    }

    /// <summary>nginx.conf's location blocks: the pattern (with its modifier) and the directives inside.</summary>
    private static IEnumerable<(string Pattern, string Body)> NginxLocations() =>
        Regex.Matches(Nginx, @"location\s+([^{]+?)\s*\{([^}]*)\}").Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    private static string? Directive(string block, string name) =>
        Regex.Match(block, $@"(?m)^\s*{name}\s+([^;]+);") is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    /// <summary>An nginx size (128k, 20481m, 1g, or bytes), as ingress-nginx's proxy-body-size takes it too.</summary>
    private static long NginxSize(string? size)
    {
        Assert.NotNull(size);
        var unit = char.ToLowerInvariant(size[^1]) switch { 'k' => 1024L, 'm' => 1024L * 1024, 'g' => 1024L * 1024 * 1024, _ => 0 };
        return unit == 0 ? long.Parse(size) : long.Parse(size[..^1]) * unit;
    }
}
