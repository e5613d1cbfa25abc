using System.Diagnostics;
using System.Text.Json;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// Headless Chromium logged in to a silo's web UI, its tiles playing the cameras' live video (demo-viewer.mjs, driven
/// by playwright-core from node), for as long as a measurement wants an operator watching. Killed on dispose.
/// </summary>
public sealed class ChromiumViewer : IAsyncDisposable
{
    private readonly Process _node;
    private readonly Task<string> _errors;

    private ChromiumViewer(Process node)
    {
        _node = node;
        _errors = node.StandardError.ReadToEndAsync();
    }

    /// <summary>node's process id: Chromium (browser, zygotes, renderers, GPU process) is what runs under it.</summary>
    public int ProcessId => _node.Id;

    /// <summary>What one tile's video element did while watched.</summary>
    public sealed record TilePlayback(long Decoded, long Dropped, double Seconds);

    /// <summary>Logs in and returns once every tile of <paramref name="cameras"/> plays.</summary>
    public static async Task<ChromiumViewer> StartAsync(string baseUrl, IReadOnlyList<string> cameras)
    {
        var info = BrowserScript.Node("demo-viewer.mjs", baseUrl, input: true);
        info.Environment["CAMERAS"] = string.Join(',', cameras);
        var viewer = new ChromiumViewer(Process.Start(info)!);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var line = await viewer._node.StandardOutput.ReadLineAsync(deadline.Token);
            if (line != "playing")
            {
                throw new InvalidOperationException($"demo-viewer.mjs did not start playing ({line ?? "exited"}):\n{await viewer.ErrorsAsync()}");
            }
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the page; what each tile decoded and dropped since it started playing.</summary>
    public async Task<IReadOnlyDictionary<string, TilePlayback>> StopAsync()
    {
        await _node.StandardInput.WriteLineAsync("stop");
        _node.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await _node.StandardOutput.ReadToEndAsync(deadline.Token);
        await _node.WaitForExitAsync(deadline.Token);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (_node.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"demo-viewer.mjs exited with {_node.ExitCode}:\n{output}\n{await ErrorsAsync()}");
        }
        return JsonSerializer.Deserialize<Dictionary<string, TilePlayback>>(last, JsonSerializerOptions.Web)!;
    }

    private async Task<string> ErrorsAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
        }
        return await _errors;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
        }
        await _node.WaitForExitAsync();
        _node.Dispose();
    }
}
