using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Orleans.Video.Deploy.Tests;

/// <summary>The alert rules and the dashboard name only metrics the product exports, and Prometheus loads the rules.</summary>
public sealed partial class DeployConsistencyTests
{
    private static readonly string PrometheusDirectory = DeployFiles.Path("deploy", "prometheus");

    [Fact]
    public void Every_alert_rule_is_loaded_and_says_what_it_is_about()
    {
        var config = DeployFiles.DocumentsOf(Path.Combine(PrometheusDirectory, "prometheus.yml")).Single();
        var files = config.Items("rule_files").Select(f => f.ToString()).ToList();
        Assert.Equal(["alerts.yml"], files);
        var mounts = Compose.Single().Get("services", "prometheus")!.Items("volumes").Select(v => v.ToString()).ToList();
        Assert.All(files, file => Assert.Contains($"./prometheus/{file}:/etc/prometheus/{file}:ro", mounts));

        var rules = DeployFiles.DocumentsOf(Path.Combine(PrometheusDirectory, "alerts.yml")).Single()
            .Items("groups").SelectMany(g => g.Items("rules")).ToList();
        Assert.Equal(["CameraDown", "FramesDropped", "NotificationsDropped", "RecordingStopped", "SiloGone", "StorageNearlyFull", "WebhookBacklog"],
            rules.Select(r => r.Text("alert")).Order());
        Assert.All(rules, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("expr")));
            Assert.Contains(rule.Text("labels", "severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("annotations", "summary")));
        });
    }

    [Fact]
    public void The_alerts_and_the_dashboard_name_only_metrics_the_silo_exports()
    {
        var exported = ExportedMetricNames();
        // The check itself must be able to say no.
        Assert.Contains("orleans_video_frames_dropped_total", exported);
        Assert.DoesNotContain("orleans_video_frames_dropped", exported);
        var referenced = MetricName().Matches(File.ReadAllText(Path.Combine(PrometheusDirectory, "alerts.yml"))
                + File.ReadAllText(DeployFiles.Path("deploy", "grafana", "dashboards", "orleans-video.json")))
            .Select(m => m.Value).Distinct().ToList();
        Assert.Contains("orleans_video_webhook_pending", referenced);
        Assert.All(referenced, name => Assert.True(exported.Contains(name), $"{name} is not a metric the silo exports ({string.Join(", ", exported.Order())})"));
    }

    /// <summary>
    /// The product meter's instruments as the Prometheus exporter names them: dots become underscores, the unit is
    /// added ("By" as _bytes, "s" as _seconds; annotations in braces are not), counters end in _total, histograms
    /// are read through _bucket, _sum and _count.
    /// </summary>
    private static HashSet<string> ExportedMetricNames()
    {
        // Instruments are made by static constructors: run those of every type in the product that holds one.
        var assemblies = new[] { "Orleans.Video.Media", "Orleans.Video.Inference", "Orleans.Video.Grains", "Orleans.Video.Notifications" }.Select(Assembly.Load);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Any(f => typeof(Instrument).IsAssignableFrom(f.FieldType))
                || type.Name.EndsWith("Metrics", StringComparison.Ordinal))
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name != VideoMeter.Name)
            {
                return;
            }
            var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
            {
                "By" => "_bytes",
                "s" => "_seconds",
                _ => "",
            };
            var generic = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
            if (generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>))
            {
                names.Add(name + "_total");
            }
            else if (generic == typeof(Histogram<>))
            {
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else
            {
                names.Add(name);
            }
        };
        listener.Start();
        return names;
    }

    [GeneratedRegex(@"\borleans_video_[a-z_]+")]
    private static partial Regex MetricName();
}
