using System.Diagnostics;
using System.Text;
using Orleans.Video.IntegrationTests.Api;
using Orleans.Video.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>
/// The web UI (silo/Orleans.Video.Silo/wwwroot) in real headless Chromium against a real silo process:
/// <c>ui-flow.mjs</c> (playwright-core driving Debian's /usr/bin/chromium, both installed by deploy/setup.sh)
/// logs in, adds a camera, waits for its annotated snapshot, checks a rejected add, adds a second camera with a
/// zone (after zones that are not JSON were refused in the page), waits for the events panel to show its event
/// with a loaded thumbnail, checks the tile's zone and "Events" button, and removes the first camera.
/// </summary>
public sealed class WebUiTests(SiloApiFixture fixture, ITestOutputHelper output) : IClassFixture<SiloApiFixture>
{
    private static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Operator_logs_in_adds_cameras_sees_boxes_and_zone_events_and_removes_a_camera_in_a_real_browser()
    {
        var root = SiloProcess.RepositoryRoot();
        // Next to the test assembly, so a CI run keeps it with the other test outputs.
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "web-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var (exitCode, log) = await RunFlowAsync(root, new Dictionary<string, string>
        {
            ["BASE_URL"] = fixture.Silo.BaseUrl,
            ["API_KEY"] = SiloProcess.ApiKey,
            ["CLIP"] = fixture.Clips.MovingBox,
            ["SCREENSHOT"] = screenshot,
        });
        output.WriteLine(log);

        Assert.True(exitCode == 0, $"ui-flow.mjs exited with code {exitCode}:\n{log}\nsilo output:\n{Tail(fixture.Silo.Output, 40)}");
        var png = new FileInfo(screenshot);
        Assert.True(png.Exists, $"no screenshot at {screenshot}");
        Assert.InRange(png.Length, 20_000, 20_000_000);
        var header = new byte[8];
        await using (var file = png.OpenRead())
        {
            await file.ReadExactlyAsync(header);
        }
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        output.WriteLine($"screenshot: {screenshot}");
        Console.WriteLine($"web UI screenshot: {screenshot}");
    }

    /// <summary>Runs <c>node ui-flow.mjs</c> from the repository root (its node_modules holds playwright-core).</summary>
    private static async Task<(int ExitCode, string Log)> RunFlowAsync(string root, IReadOnlyDictionary<string, string> environment)
    {
        var script = Path.Combine(root, "tests", "Orleans.Video.IntegrationTests", "Browser", "ui-flow.mjs");
        RequireFile(Path.Combine(root, "node_modules", "playwright-core", "package.json"), "npm package playwright-core");
        RequireFile("/usr/bin/chromium", "Debian package chromium");

        var info = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        info.ArgumentList.Add(script);
        info.Environment["NODE_PATH"] = Path.Combine(root, "node_modules");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        // One log with stdout and stderr interleaved as they happened: the failing step reads in context.
        var log = new StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(FlowTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Takes Chromium down with node.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append($"(killed: ui-flow.mjs ran past {FlowTimeout.TotalSeconds:0} s)");
            return (-1, Snapshot(log));
        }
        // The parameterless wait drains the redirected output after the timed wait saw the exit.
        await process.WaitForExitAsync();
        return (process.ExitCode, Snapshot(log));
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{what} is missing ({path}): run `. deploy/setup.sh && video_install_dependencies`");
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
