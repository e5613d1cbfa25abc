namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>The CLI's <c>job</c> commands as a script runs them: submit and wait, list, status, results, cancel, exit codes.</summary>
public sealed class CliJobTests(CliClusterFixture fixture) : IClassFixture<CliClusterFixture>
{
    [Fact]
    public async Task A_file_is_submitted_waited_for_listed_exported_and_removed()
    {
        var clip = fixture.Cluster.Clips.Visit;
        var submit = await fixture.RunAsync("job", "submit", clip, "--model", "shapes", "--fps", "5", "--wait", "--json");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var job = submit.Json();
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal("Done", job.GetProperty("state").GetString());
        Assert.Equal(300, job.GetProperty("framesTotal").GetInt64());

        var list = await fixture.RunAsync("job", "list");
        Assert.Contains(list.Lines, line => line.StartsWith($"{id}  Done  100% 300/300 frames", StringComparison.Ordinal));
        var status = await fixture.RunAsync("job", "status", id);
        Assert.Contains("visit.mp4", status.Stdout, StringComparison.Ordinal);

        var csv = await fixture.RunAsync("job", "results", id, "--format", "csv");
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal("frame,time,index,label,score,x,y,width,height", csv.Lines[0]);
        Assert.InRange(csv.Lines.Length - 1, 38, 41); // the square's 8 s at 5 frames a second
        Assert.All(csv.Lines.Skip(1), line => Assert.Equal(0, long.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) % 5));
        var events = await fixture.RunAsync("job", "results", id, "--events");
        var visit = Assert.Single(events.Lines);
        Assert.Contains("\"kind\":\"Object\"", visit, StringComparison.Ordinal);

        Assert.Equal("removed " + id, (await fixture.RunAsync("job", "cancel", id)).Lines.Single());
        Assert.Equal(3, (await fixture.RunAsync("job", "status", id)).ExitCode);
        Assert.Equal(3, (await fixture.RunAsync("job", "results", id)).ExitCode);
        Assert.Equal(3, (await fixture.RunAsync("job", "cancel", id)).ExitCode);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_exits_1_with_the_reason()
    {
        var result = await fixture.RunAsync("job", "submit", fixture.Cluster.Clips.NotVideo, "--model", "shapes", "--wait");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("not a video", result.Stderr, StringComparison.Ordinal);
        var model = await fixture.RunAsync("job", "submit", fixture.Cluster.Clips.Visit, "--model", "no-such-model");
        Assert.Equal(1, model.ExitCode);
        Assert.Contains("no-such-model", model.Stderr, StringComparison.Ordinal);
    }
}
