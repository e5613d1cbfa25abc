using System.Diagnostics;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>The CLI as users get it: packed as a .NET tool by deploy/cli.sh and run as a command.</summary>
public sealed class CliToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-video-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_cli_installed_by_deploy_cli_sh_runs_as_the_orleans_video_command()
    {
        var tools = Path.Combine(_directory, "tools");
        var install = await RunAsync("bash", [Path.Combine(SiloProcess.RepositoryRoot(), "deploy", "cli.sh")],
            ("VIDEO_TOOL_PATH", tools), ("VIDEO_DATA_DIR", Path.Combine(_directory, "data")));
        Assert.True(install.ExitCode == 0, install.Output);
        Assert.Contains("Installed the CLI: orleans-video", install.Output);

        // The command, not `dotnet …dll`: it answers like the CLI, here for a cluster that is not there.
        var closed = $"Host=127.0.0.1;Port={LoopbackPorts.Free()};Database=orleans_video;Username=postgres";
        var run = await RunAsync(Path.Combine(tools, "orleans-video"), ["camera", "list", "--postgres", closed]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot reach cluster", run.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = SiloProcess.RepositoryRoot(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
