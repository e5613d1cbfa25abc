using System.Globalization;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Live;

/// <summary>
/// A wall of screens that reloads: browsers open and close live video and live detections and events, in bursts,
/// on two silos. Nothing is logged for it, and what each silo holds for its viewers goes back to nothing.
/// </summary>
public sealed class ViewerChurnTests
{
    private const string Camera = "churn-1";
    private const int Bursts = 8;
    private const int PerBurst = 6;

    [Fact]
    public async Task Viewers_that_come_and_go_log_nothing_and_leave_no_relay_or_subscription_behind()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // Each burst's streams are closed before the next opens; the key's cap is not what this tests.
        var settings = new Dictionary<string, string> { ["Api__LiveStreamsPerKey"] = "1000" };
        var silos = await cluster.AddSilosAsync(2, settings);
        await cluster.AddCameraAsync(Camera, fps: 5);
        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Any(c => c.GetProperty("framesProcessed").GetInt64() > 0), TimeSpan.FromSeconds(60), "the camera analysing");
        var logged = silos.Select(s => s.Output.Length).ToArray();

        for (var burst = 0; burst < Bursts; burst++)
        {
            var silo = silos[burst % 2];
            // Some browsers leave at once, others after their first video, detections or events.
            await Task.WhenAll(Enumerable.Range(0, PerBurst).Select(i => ViewAsync(cluster.Http, silo.BaseUrl, readFirst: i % 2 == 0)));
        }

        foreach (var silo in silos)
        {
            // The shared subscriptions linger a few seconds after their last viewer, for a page that reloads.
            await Eventually.ValueAsync(() => LiveGaugesAsync(cluster.Http, silo.BaseUrl), gauges => gauges.Count == 6 && gauges.Values.All(v => v == 0),
                TimeSpan.FromSeconds(60), $"no viewers and nothing held for them on {silo.BaseUrl}");
        }
        for (var i = 0; i < silos.Length; i++)
        {
            var lines = silos[i].Output[logged[i]..].Split('\n');
            var complaints = lines.Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
                || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
            Assert.True(complaints.Count == 0, $"silo {i} logged while viewers came and went:\n{string.Join('\n', lines)}");
        }
        var camera = (await cluster.CamerasAsync()).Single(c => c.GetProperty("id").GetString() == Camera);
        Assert.Equal("Running", camera.GetProperty("state").GetString());
    }

    /// <summary>One browser's visit: the camera's live video, detections and events, then gone.</summary>
    private static async Task ViewAsync(HttpClient http, string baseUrl, bool readFirst)
    {
        await using var video = await LiveVideoSocket.ConnectAsync(baseUrl, Camera);
        using var detections = await OpenAsync(http, $"{baseUrl}/api/cameras/{Camera}/live");
        using var events = await OpenAsync(http, $"{baseUrl}/api/cameras/{Camera}/events/live");
        if (readFirst)
        {
            await video.ReadUntilAsync(v => v.Segments.Count > 0, TimeSpan.FromSeconds(30), "live video");
            await ReadLineAsync(detections, "event: detections");
        }
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private static async Task ReadLineAsync(HttpResponseMessage response, string wanted)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line == wanted)
            {
                return;
            }
        }
        Assert.Fail($"the stream ended before '{wanted}'");
    }

    /// <summary>The silo's live gauges from /metrics, by name and kind.</summary>
    private static async Task<Dictionary<string, double>> LiveGaugesAsync(HttpClient http, string baseUrl)
    {
        var text = await http.GetStringAsync($"{baseUrl}/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("orleans_video_live_viewers{", StringComparison.Ordinal) || l.StartsWith("orleans_video_live_subscriptions{", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
