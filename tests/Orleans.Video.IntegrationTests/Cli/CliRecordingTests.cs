using System.Globalization;
using System.Net.Http.Json;
using Orleans.Video.IntegrationTests.Recordings;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>A silo process that records, for the CLI's recording commands.</summary>
public sealed class CliRecordingFixture : IAsyncLifetime
{
    public SiloCluster Cluster { get; private set; } = null!;
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("orleans-video-cli-media-").FullName;

    public async Task InitializeAsync()
    {
        Cluster = await SiloCluster.StartAsync();
        await Cluster.AddSiloAsync(settings: new Dictionary<string, string>
        {
            ["Storage__Root"] = MediaRoot,
            ["Storage__SegmentLength"] = "00:00:02",
            ["Storage__IndexInterval"] = "00:00:01",
            ["Storage__MinFreeBytes"] = "1048576",
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }

    public Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, "--postgres", Cluster.Postgres.ConnectionString, "--cluster-id", Cluster.ClusterId]);
}

/// <summary><c>camera add --record</c>, <c>recordings list</c>, <c>clip export</c> and <c>events clip</c> as a user runs them.</summary>
public sealed class CliRecordingTests(CliRecordingFixture fixture) : IClassFixture<CliRecordingFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_recorded_range_is_listed_and_exported_as_an_mp4_that_decodes_to_its_length()
    {
        using var source = new LiveSource();
        var added = await fixture.RunAsync("camera", "add", "cli-rec", "--source", source.Url, "--fps", "2", "--model", "shapes", "--record", "continuous");
        Assert.True(added.ExitCode == 0, added.ToString());

        var listed = await Eventually.ValueAsync(() => fixture.RunAsync("recordings", "list", "cli-rec", "--from", "10m", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() == 1 && Seconds(r.Json()[0]) >= 10, Timeout, "10 s recorded");
        var span = listed.Json()[0];
        var from = span.GetProperty("start").GetDateTimeOffset().AddSeconds(3);
        var to = from.AddSeconds(5);
        var text = await fixture.RunAsync("recordings", "list", "cli-rec");
        Assert.Contains(text.Lines, line => line.Contains("MiB") || line.Contains("KiB"));

        var clip = Path.Combine(fixture.MediaRoot, "exported.mp4");
        var export = await fixture.RunAsync("clip", "export", "cli-rec", "--from", Iso(from), "--to", Iso(to), "-o", clip,
            "--api", fixture.Cluster.ApiUrl("/"), "--api-key", SiloProcess.ApiKey);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"wrote {clip}", export.Stdout);
        Assert.False(File.Exists(clip + ".part"));
        Assert.InRange(MediaProbe.DecodedFrames(clip) / 25.0, 5 - 0.1, 5 + 1.1); // from the keyframe at or before --from
        Assert.Equal("", MediaProbe.DecodeErrors(clip));

        var nothing = await fixture.RunAsync("clip", "export", "cli-rec", "--from", "2001-01-01T00:00:00Z", "--to", "2001-01-01T00:01:00Z", "-o", clip + "2",
            "--api", fixture.Cluster.ApiUrl("/"), "--api-key", SiloProcess.ApiKey);
        Assert.True(nothing.ExitCode == 3, nothing.ToString());
        Assert.Contains("nothing is recorded", nothing.Stderr);
        var badKey = await fixture.RunAsync("clip", "export", "cli-rec", "--from", Iso(from), "--to", Iso(to), "-o", clip + "3",
            "--api", fixture.Cluster.ApiUrl("/"), "--api-key", "wrong-key-0123456789");
        Assert.True(badKey.ExitCode == 1, badKey.ToString());
        var noEvent = await fixture.RunAsync("events", "clip", "cli-rec", "no-such-event", "-o", clip + "4",
            "--api", fixture.Cluster.ApiUrl("/"), "--api-key", SiloProcess.ApiKey);
        Assert.True(noEvent.ExitCode == 3, noEvent.ToString());
        Assert.False(File.Exists(clip + "2") || File.Exists(clip + "3") || File.Exists(clip + "4"));
        await fixture.Cluster.Http.DeleteAsync(fixture.Cluster.ApiUrl("/api/cameras/cli-rec"));
    }

    private static double Seconds(System.Text.Json.JsonElement span) =>
        (span.GetProperty("end").GetDateTimeOffset() - span.GetProperty("start").GetDateTimeOffset()).TotalSeconds;

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
