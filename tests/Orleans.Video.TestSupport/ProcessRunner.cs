using System.Diagnostics;

namespace Orleans.Video.TestSupport;

/// <summary>Runs a short-lived tool (initdb, pg_ctl) to completion and fails with its output.</summary>
public static class ProcessRunner
{
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(startInfo)} did not finish within {timeout.TotalSeconds:0} s.");
        }

        var output = (await stdout) + (await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(startInfo)} exited with {process.ExitCode}:\n{output}");
        }

        return output;
    }

    private static string Describe(ProcessStartInfo startInfo) =>
        startInfo.FileName + " " + string.Join(' ', startInfo.ArgumentList);
}
