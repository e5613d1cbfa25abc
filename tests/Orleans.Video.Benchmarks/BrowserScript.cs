using System.Diagnostics;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>The bench's Chromium scripts (the <c>*.mjs</c> beside this file), run by node against a silo with the test API key.</summary>
internal static class BrowserScript
{
    /// <param name="script">The script's file name, such as <c>live-latency.mjs</c>.</param>
    /// <param name="baseUrl">The silo whose web UI the script logs in to.</param>
    /// <param name="input">Whether the caller writes to the script's stdin.</param>
    public static ProcessStartInfo Node(string script, string baseUrl, bool input = false)
    {
        var root = SiloProcess.RepositoryRoot();
        var info = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = input,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        info.ArgumentList.Add(Path.Combine(root, "tests", "Orleans.Video.Benchmarks", script));
        info.Environment["NODE_PATH"] = Path.Combine(root, "node_modules");
        info.Environment["BASE_URL"] = baseUrl;
        info.Environment["API_KEY"] = SiloProcess.ApiKey;
        return info;
    }
}
