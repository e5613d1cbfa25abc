namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>The CLI's <c>key</c> and <c>audit</c> commands: keys made, listed and revoked, and the changes logged under the CLI's user.</summary>
public sealed class CliAccessTests(CliClusterFixture fixture) : IClassFixture<CliClusterFixture>
{
    [Fact]
    public async Task Keys_are_created_listed_revoked_and_audited()
    {
        var created = await fixture.RunAsync("key", "create", "ci-viewer", "--role", "viewer");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith("ovk_", Assert.Single(created.Lines), StringComparison.Ordinal);
        Assert.Contains("shown this once", created.Stderr, StringComparison.Ordinal);

        var again = await fixture.RunAsync("key", "create", "ci-viewer", "--role", "admin");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await fixture.RunAsync("key", "create", "bad name", "--role", "viewer")).ExitCode);

        var list = await fixture.RunAsync("key", "list");
        var line = Assert.Single(list.Lines, l => l.StartsWith("ci-viewer ", StringComparison.Ordinal));
        Assert.Contains(" viewer ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Lines[0], list.Stdout, StringComparison.Ordinal);

        Assert.Equal("revoked ci-viewer", (await fixture.RunAsync("key", "revoke", "ci-viewer")).Lines.Single());
        Assert.Equal(3, (await fixture.RunAsync("key", "revoke", "ci-viewer")).ExitCode);

        var audit = await fixture.RunAsync("audit", "--target", "ci-viewer", "--json");
        Assert.True(audit.ExitCode == 0, audit.ToString());
        var entries = audit.Json().EnumerateArray().ToList();
        Assert.Equal(["key.revoke", "key.create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.StartsWith($"cli:{Environment.UserName}@", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
    }
}
