using Orleans.Video.TestSupport;
using System.Diagnostics;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>
/// Runs the built CLI (src/Orleans.Video.Cli, built before this project through its project reference) as a child
/// process with stdout and stderr redirected, as a script would run it.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = SiloProcess.RepositoryRoot(),
        };
        info.ArgumentList.Add(CliAssembly());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The tests say which cluster with options; a developer's own settings must not leak in.
        info.Environment.Remove("Postgres__ConnectionString");
        info.Environment.Remove("Silo__ClusterId");
        foreach (var tls in info.Environment.Keys.Where(key => key.StartsWith("Silo__Tls__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(tls);
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"orleans-video {string.Join(' ', arguments)} ran past {(timeout ?? DefaultTimeout).TotalSeconds:0} s:\n{await stdout}\n{await stderr}");
        }
        return new CliResult(arguments, process.ExitCode, await stdout, await stderr, started.Elapsed);
    }

    private static string CliAssembly()
    {
        // The same configuration the tests were built with (test.sh builds the whole solution in Release).
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(SiloProcess.RepositoryRoot(), "src", "Orleans.Video.Cli", "bin", configuration, "net10.0", "orleans-video.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the solution first: {path} is missing");
    }
}
