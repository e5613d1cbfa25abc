using System.Text.RegularExpressions;

namespace Orleans.Video.Deploy.Tests;

/// <summary>
/// Every way the project starts a silo caps glibc's malloc at two arenas: with glibc's default (eight a core) the silo's
/// memory grew 53 MB an hour in the soak, with the cap 13, the GC's own swing (docs/performance.md). glibc reads the
/// variable when the process starts, so it must be in the environment the silo starts with.
/// </summary>
public sealed partial class MallocArenaTests
{
    [Fact]
    public void The_image_sets_it()
    {
        var dockerfile = File.ReadAllText(DeployFiles.Path("deploy", "docker", "Dockerfile"));
        Assert.Matches(@"(?m)^ENV (.*\\\n)*\s*MALLOC_ARENA_MAX=2\s*$", dockerfile);
    }

    [Theory]
    [InlineData("run.sh")]
    [InlineData("deploy/local-cluster.sh")]
    public void The_scripts_start_the_silo_with_it_unless_the_operator_chose(string script)
    {
        var text = File.ReadAllText(DeployFiles.Path(script.Split('/')));
        // The silo's start is one command over continued lines: the line that runs the dll carries the variable.
        var start = Assert.Single(SiloStart().Matches(text));
        Assert.Contains("MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\"", start.Value, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?m)^.*dotnet ""\$silo_dll"".*$")]
    private static partial Regex SiloStart();
}
