using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>
/// The <c>orleans-video</c> CLI as a real process against a real silo process: its commands, its plain and JSON
/// output when stdout is not a terminal, and its exit codes.
/// </summary>
public sealed class CliTests(CliClusterFixture fixture) : IClassFixture<CliClusterFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Camera_add_then_list_shows_the_camera_and_status_turns_running()
    {
        var added = await RunOkAsync("camera", "add", "cli-list", "--source", fixture.Clip, "--fps", "5", "--model", "shapes");
        Assert.Contains("added cli-list", added.Stdout);

        var list = await RunOkAsync("camera", "list");
        Assert.Contains(list.Lines, line => line.StartsWith("cli-list ", StringComparison.Ordinal) && line.Contains("model=shapes fps=5"));

        var listed = await RunOkAsync("camera", "list", "--json");
        Assert.Contains(listed.Json().EnumerateArray(), c => c.GetProperty("id").GetString() == "cli-list");

        await Eventually.ValueAsync(() => RunAsync("camera", "status", "cli-list"),
            r => r.ExitCode == 0 && r.Lines.Contains("state       Running"), Settle, "camera status to say Running", Poll);
        var status = await RunOkAsync("camera", "status", "cli-list", "--json");
        Assert.Equal(fixture.Clip, status.Json().GetProperty("source").GetString());
    }

    [Fact]
    public async Task Detections_query_json_returns_the_white_box()
    {
        await AddCameraAsync("cli-detections");
        var result = await Eventually.ValueAsync(() => RunAsync("detections", "query", "cli-detections", "--label", "object", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() >= 3, Settle, "three stored detections", Poll);

        foreach (var detection in result.Json().EnumerateArray())
        {
            Assert.Equal("cli-detections", detection.GetProperty("camera").GetString());
            Assert.Equal("object", detection.GetProperty("label").GetString());
            Assert.InRange(detection.GetProperty("width").GetSingle(), TestClips.BoxSize - 5, TestClips.BoxSize + 5);
            Assert.InRange(detection.GetProperty("height").GetSingle(), TestClips.BoxSize - 5, TestClips.BoxSize + 5);
        }

        var none = await RunOkAsync("detections", "query", "cli-detections", "--label", "no-such-label", "--json");
        Assert.Equal(0, none.Json().GetArrayLength());
        var text = await RunOkAsync("detections", "query", "cli-detections", "--limit", "2", "--from", "1h");
        Assert.Equal(2, text.Lines.Length);
        Assert.All(text.Lines, line => Assert.Contains("  cli-detections  seq=", line));
    }

    [Fact]
    public async Task Query_with_all_follows_the_cursor_past_the_limit()
    {
        const int limit = 4;
        await AddCameraAsync("cli-paging");
        await Eventually.ValueAsync(() => RunAsync("detections", "query", "cli-paging", "--limit", "1000", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() > 3 * limit, Settle, "more than three pages of detections", Poll);

        var firstPage = await RunOkAsync("detections", "query", "cli-paging", "--limit", $"{limit}", "--json");
        Assert.Equal(limit, firstPage.Json().GetArrayLength());
        Assert.Contains("--all", firstPage.Stderr);

        var all = await RunOkAsync("detections", "query", "cli-paging", "--limit", $"{limit}", "--all", "--json");
        var sequences = all.Json().EnumerateArray().Select(d => d.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(sequences.Count > 3 * limit, all.ToString());
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.DoesNotContain("--all", all.Stderr);
    }

    [Fact]
    public async Task Watch_prints_a_line_per_frame_until_its_duration_ends()
    {
        await AddCameraAsync("cli-watch");
        await WaitForDetectionsAsync("cli-watch");

        var watch = await RunOkAsync("watch", "cli-watch", "--duration", "5");
        var frames = watch.Lines.Where(line => line.Contains("  cli-watch  seq=", StringComparison.Ordinal)).ToList();
        // 5 fps for 5 s: about 25 frames; a loaded machine may drop some, far fewer would mean a broken subscription.
        Assert.True(frames.Count >= 5, watch.ToString());
        Assert.Contains(frames, line => line.Contains("object ", StringComparison.Ordinal));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        var json = await RunOkAsync("watch", "--duration", "2", "--json");
        Assert.NotEmpty(json.Lines);
        Assert.All(json.Lines, line => Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(line).RootElement.GetProperty("camera").GetString())));
    }

    [Fact]
    public async Task A_removed_camera_is_unknown_to_status_remove_and_watch()
    {
        await AddCameraAsync("cli-remove");
        var removed = await RunOkAsync("camera", "remove", "cli-remove");
        Assert.Contains("removed cli-remove", removed.Stdout);

        var status = await RunAsync("camera", "status", "cli-remove");
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("no camera 'cli-remove'", status.Stderr);
        Assert.Equal(3, (await RunAsync("camera", "remove", "cli-remove")).ExitCode);
        Assert.Equal(3, (await RunAsync("watch", "cli-remove", "--duration", "1")).ExitCode);
        Assert.DoesNotContain((await RunOkAsync("camera", "list")).Lines, line => line.StartsWith("cli-remove ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_input_exits_1_with_the_rule_on_stderr()
    {
        var fps = await RunAsync("camera", "add", "cli-bad", "--source", fixture.Clip, "--fps", "0");
        Assert.Equal(1, fps.ExitCode);
        Assert.Contains("fps must be a number in (0, 30]", fps.Stderr);
        Assert.DoesNotContain("Parameter", fps.Stderr);
        Assert.Equal("", fps.Stdout);

        var model = await RunAsync("camera", "add", "cli-bad", "--source", fixture.Clip, "--model", "no-such-model");
        Assert.Equal(1, model.ExitCode);
        Assert.Contains("model 'no-such-model' is not in the model catalog", model.Stderr);

        var id = await RunAsync("camera", "add", "bad id!", "--source", fixture.Clip);
        Assert.Equal(1, id.ExitCode);
        Assert.Contains("id must be", id.Stderr);

        var limit = await RunAsync("detections", "query", "cli-bad", "--limit", "5000");
        Assert.Equal(1, limit.ExitCode);
        Assert.Contains("limit must be between 1 and 1000", limit.Stderr);

        // Usage errors are caught by the parser, before any connection.
        var usage = await CliProcess.RunAsync(["camera", "add", "cli-bad"]);
        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("--source", usage.Stderr);
        Assert.DoesNotContain((await RunAsync("camera", "list")).Lines, line => line.StartsWith("cli-bad ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_2_quickly_with_one_line()
    {
        var closedPort = $"Host=127.0.0.1;Port={LoopbackPorts.Free()};Database=orleans_video;Username=postgres";
        var result = await CliProcess.RunAsync(["camera", "list", "--postgres", closedPort]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot reach cluster", error);
        // A refused connection fails at once; it must not wait out the 15 s connect timeout.
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), result.ToString());

        // The PostgreSQL answers, but no silo of that cluster is in its membership table.
        var noSilos = await CliProcess.RunAsync(
            ["camera", "list", "--postgres", fixture.Cluster.Postgres.ConnectionString, "--cluster-id", "no-such-cluster", "--connect-timeout", "5"]);
        Assert.Equal(2, noSilos.ExitCode);
        Assert.Contains("cannot reach cluster 'no-such-cluster'", noSilos.Stderr);
        Assert.DoesNotContain("   at ", noSilos.Stderr);
    }

    private async Task AddCameraAsync(string id)
    {
        await RunOkAsync("camera", "add", id, "--source", fixture.Clip, "--fps", "5", "--model", "shapes");
    }

    private async Task WaitForDetectionsAsync(string id) =>
        await Eventually.ValueAsync(() => RunAsync("detections", "query", id, "--limit", "1", "--json"),
            r => r.ExitCode == 0 && r.Json().GetArrayLength() == 1, Settle, $"a detection from {id}", Poll);

    private async Task<CliResult> RunAsync(params string[] arguments)
    {
        var result = await fixture.RunAsync(arguments);
        // Stdout is a pipe here: the output must be plain, with no terminal control codes.
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain('\u001b', result.Stderr);
        return result;
    }

    private async Task<CliResult> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
