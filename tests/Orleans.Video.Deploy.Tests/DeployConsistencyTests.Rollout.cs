using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using Orleans.Video.Silo.Health;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Deploy.Tests;

/// <summary>What a real rollout would hit: apply hazards, a key ring nobody can write, open ports, slow probes.</summary>
public sealed partial class DeployConsistencyTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Gpu = DeployFiles.Kustomize("gpu");

    [Fact]
    public void An_autoscaled_deployment_leaves_its_replica_count_to_the_autoscaler()
    {
        var targets = Gpu.Where(m => m.Kind() == "HorizontalPodAutoscaler").Select(h => h.Text("spec", "scaleTargetRef", "name")).ToList();
        Assert.NotEmpty(targets);
        Assert.All(Gpu.Where(m => m.Kind() == "Deployment" && targets.Contains(m.Name())),
            deployment => Assert.Null(deployment.Get("spec", "replicas")));
    }

    [Fact]
    public void No_secret_is_applied_with_the_manifests_and_a_placeholder_api_key_is_refused_at_start()
    {
        Assert.DoesNotContain(new[] { "cpu", "gpu" }.SelectMany(DeployFiles.Kustomize), m => m.Kind() == "Secret");
        // Every key the silos read from the Secret is in the example that shows its shape.
        var example = DeployFiles.DocumentsOf(DeployFiles.Path("deploy", "k8s", "secret-example.yaml")).Single();
        var keys = Silos(Gpu).SelectMany(s => s.Containers().Single().Items("env"))
            .Select(e => e.Text("valueFrom", "secretKeyRef", "key")).OfType<string>().Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.NotNull(example.Get("stringData", key)));

        var placeholder = example.Text("stringData", "api-key")!;
        Assert.Contains(ApiKeyErrors(placeholder), e => e.Contains("placeholder", StringComparison.Ordinal));
        Assert.Empty(ApiKeyErrors("k3Jd9aQ0vX7mP2sL5wE8rT1y"));
    }

    [Fact]
    public void The_database_password_is_kept_in_one_place()
    {
        var postgres = Gpu.Single(m => m.Kind() == "StatefulSet" && m.Name() == "orleans-video-postgres");
        var serverKey = postgres.Containers().Single().Items("env").Single(e => e.Text("name") == "POSTGRES_PASSWORD").Text("valueFrom", "secretKeyRef", "key");
        foreach (var silo in Silos(Gpu))
        {
            var env = silo.Containers().Single().Items("env").ToList();
            Assert.Equal(serverKey, env.Single(e => e.Text("name") == "Postgres__Password").Text("valueFrom", "secretKeyRef", "key"));
            Assert.DoesNotContain("Password=", env.Single(e => e.Text("name") == "Postgres__ConnectionString").Text("value") ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_ingress_terminates_tls_and_names_its_class()
    {
        var ingresses = Gpu.Where(m => m.Kind() == "Ingress").ToList();
        Assert.NotEmpty(ingresses);
        Assert.All(ingresses, TerminatesTls);
    }

    private static void TerminatesTls(YamlMappingNode ingress)
    {
        Assert.False(string.IsNullOrEmpty(ingress.Text("spec", "ingressClassName")));
        var hosts = ingress.Items("spec", "rules").Select(r => r.Text("host")).ToList();
        var tls = ingress.Items("spec", "tls").ToList();
        Assert.NotEmpty(tls);
        Assert.All(hosts, host => Assert.Contains(tls, t => t.Items("hosts").Select(h => h.ToString()).Contains(host)));
        Assert.All(tls, t => Assert.False(string.IsNullOrEmpty(t.Text("secretName"))));
    }

    [Fact]
    public void Http_is_open_only_to_named_sources_not_to_every_pod()
    {
        var silo = Gpu.Single(m => m.Kind() == "NetworkPolicy" && m.Name() == "orleans-video-silo");
        var httpRules = silo.Items("spec", "ingress").Where(rule => rule.Items("ports").Any(p => p.Text("port") == HttpPort.ToString())).ToList();
        Assert.NotEmpty(httpRules);
        Assert.All(httpRules, rule => Assert.NotEmpty(rule.Items("from")));
    }

    [Fact]
    public void Every_deployment_shares_the_key_ring_in_postgresql_instead_of_a_per_silo_folder()
    {
        // With no folder named, the silos keep the login's key ring in PostgreSQL (deploy/sql/005-data-protection.sql).
        var variables = ComposeSilos().SelectMany(s => s.Service.Entries("environment").Select(e => e.Key))
            .Concat(new[] { "cpu", "gpu" }.SelectMany(o => Silos(DeployFiles.Kustomize(o))).SelectMany(s => Env(s).Keys))
            .Concat(DockerfileEnv().Keys);
        Assert.DoesNotContain("DataProtection__KeysDirectory", variables);
        Assert.Contains("005-data-protection.sql", Orleans.Video.Storage.PostgresSchema.ScriptNames);
        // Nothing in front of the silos pins a browser to one of them any more.
        Assert.All(Gpu.Where(m => m.Kind() == "Ingress"), ingress => Assert.Null(ingress.Text("metadata", "annotations", "nginx.ingress.kubernetes.io/affinity")));
    }

    [Fact]
    public void The_silo_s_user_cannot_change_the_app_and_the_image_installs_what_opencv_links()
    {
        // /app stays root's: copied without --chown, never chown-ed or chmod-ed afterwards, and the silo runs as 10001.
        Assert.Contains("COPY --from=build /app ./", Dockerfile);
        Assert.DoesNotMatch(@"--chown=[^\s]*\s+/app", Dockerfile);
        Assert.DoesNotMatch(@"(?m)^(RUN|\s*&&)[^\n]*\b(chown|chmod)\b[^\n]*\s/app\b", Dockerfile);
        Assert.DoesNotMatch(@"(?m)^USER (0|root)\b", Dockerfile);
        Assert.Equal("10001", Regex.Matches(Dockerfile, @"(?m)^USER (\S+)").Last().Groups[1].Value);
        // The user's own group, 10001, which the pods run as (runAsGroup).
        Assert.Matches(@"groupadd [^\n]*--gid 10001\b", Dockerfile);
        Assert.Matches(@"useradd [^\n]*--uid 10001 --gid 10001\b", Dockerfile);
        // libOpenCvSharpExtern.so links libatomic; installed by name rather than by luck of another package.
        Assert.Matches(@"apt-get install[^\n]*\blibatomic1\b", Dockerfile);
    }

    [Theory]
    [InlineData("/api/cameras/gate-1/live")]
    [InlineData("/api/cameras/gate-1/events/live")]
    [InlineData("/api/jobs/20261201-abc/progress")]
    public void Every_server_sent_events_route_is_unbuffered_in_nginx(string route)
    {
        var nginx = File.ReadAllText(DeployFiles.Path("deploy", "nginx", "nginx.conf"));
        var unbuffered = Regex.Matches(nginx, @"location ~ (\S+) \{([^}]*)\}")
            .Where(m => m.Groups[2].Value.Contains("proxy_buffering off", StringComparison.Ordinal))
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Contains(unbuffered, pattern => Regex.IsMatch(route, pattern));
    }

    [Fact]
    public void The_live_video_websocket_is_upgraded_through_nginx_and_kept_open()
    {
        var nginx = File.ReadAllText(DeployFiles.Path("deploy", "nginx", "nginx.conf"));
        var location = Regex.Matches(nginx, @"location ~ (\S+) \{([^}]*)\}")
            .Single(m => Regex.IsMatch("/api/cameras/gate-1/video", m.Groups[1].Value));
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", location.Groups[2].Value);
        Assert.Contains("proxy_set_header Connection \"upgrade\";", location.Groups[2].Value);
        Assert.Contains("proxy_read_timeout 1h;", location.Groups[2].Value);
        Assert.DoesNotMatch(location.Groups[1].Value, "/api/cameras/gate-1/videos");
    }

    [Fact]
    public void Readiness_waits_longer_than_the_database_check_and_silos_spread_over_nodes()
    {
        foreach (var silo in Silos(Gpu))
        {
            var container = silo.Containers().Single();
            var timeout = TimeSpan.FromSeconds(int.Parse(container.Text("readinessProbe", "timeoutSeconds") ?? "1"));
            Assert.True(timeout > PostgresHealthCheck.Timeout, $"{silo.Name()}: readiness timeout {timeout} is not above the check's {PostgresHealthCheck.Timeout}");
            var spread = silo.Items("spec", "template", "spec", "topologySpreadConstraints").ToList();
            Assert.Contains(spread, c => c.Text("topologyKey") == "kubernetes.io/hostname"
                && c.Labels("labelSelector", "matchLabels").All(l => silo.Labels("spec", "template", "metadata", "labels").GetValueOrDefault(l.Key) == l.Value));
        }
    }

    [Fact]
    public void Monitoring_in_compose_listens_on_this_machine_only_and_grafana_asks_for_a_login()
    {
        foreach (var name in new[] { "prometheus", "grafana" })
        {
            var service = Compose.Single().Get("services", name)!;
            Assert.All(service.Items("ports"), port => Assert.StartsWith("127.0.0.1:", port.ToString()));
        }
        Assert.Equal("false", Compose.Single().Text("services", "grafana", "environment", "GF_AUTH_ANONYMOUS_ENABLED"));
    }

    [Fact]
    public void Gpu_silos_get_a_gpu_through_the_device_plugin_and_the_nvidia_runtime()
    {
        var gpu = Silos(Gpu).Single(s => Env(s).GetValueOrDefault("Silo__Gpu") == "true");
        var spec = gpu.Get("spec", "template", "spec")!;
        Assert.Equal("1", gpu.Containers().Single().Text("resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("nvidia", spec.Text("runtimeClassName"));
        // No label only the GPU operator sets: elsewhere the pod would stay Pending.
        Assert.Null(spec.Text("nodeSelector", "nvidia.com/gpu.present"));
    }

    [Fact]
    public void Every_disruption_budget_can_keep_a_pod_up()
    {
        foreach (var budget in Gpu.Where(m => m.Kind() == "PodDisruptionBudget"))
        {
            var selector = budget.Labels("spec", "selector", "matchLabels");
            var target = Gpu.Single(m => m.Kind() == "Deployment" && selector.All(l => m.Labels("spec", "template", "metadata", "labels").GetValueOrDefault(l.Key) == l.Value));
            // Replicas from the autoscaler when it owns the count.
            var replicas = int.Parse(target.Text("spec", "replicas")
                ?? Gpu.Single(m => m.Kind() == "HorizontalPodAutoscaler" && m.Text("spec", "scaleTargetRef", "name") == target.Name()).Text("spec", "minReplicas")!);
            Assert.True(int.Parse(budget.Text("spec", "maxUnavailable")!) < replicas, $"{budget.Name()} lets all {replicas} pods of {target.Name()} go");
        }
    }

    private static List<string> ApiKeyErrors(string key)
    {
        var results = new List<ValidationResult>();
        var options = new ApiOptions { Key = key };
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
