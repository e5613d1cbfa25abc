using Orleans.Video.TestSupport;
using System.Diagnostics;
using System.Text;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests.Browser;

/// <summary>A browser flow script (playwright-core driving Debian's Chromium) run with node, its output as one log.</summary>
internal static class BrowserFlow
{
    /// <summary>Runs <c>node {script}</c> from the repository root (its node_modules holds playwright-core), killed after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Log)> RunAsync(string script, TimeSpan timeout, IReadOnlyDictionary<string, string> environment)
    {
        var root = SiloProcess.RepositoryRoot();
        var path = Path.Combine(root, "tests", "Orleans.Video.IntegrationTests", "Browser", script);
        RequireFile(Path.Combine(root, "node_modules", "playwright-core", "package.json"), "npm package playwright-core");
        RequireFile("/usr/bin/chromium", "Debian package chromium");

        var info = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        info.ArgumentList.Add(path);
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
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Takes Chromium down with node.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append($"(killed: {script} ran past {timeout.TotalSeconds:0} s)");
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
}
