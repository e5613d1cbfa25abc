using System.Diagnostics;

namespace Orleans.Video.Deploy.Tests;

/// <summary>What the scripts generate in a data folder, asked for by several processes at once (silos started together).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderScriptTests
{
    [Fact]
    public async Task Processes_asking_at_once_on_a_new_data_folder_all_get_the_one_api_key_it_keeps()
    {
        for (var round = 0; round < 5; round++)
        {
            var folder = Directory.CreateTempSubdirectory("video-key-");
            try
            {
                var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ApiKeyAsync(folder.FullName)));
                Assert.All(keys, key => Assert.Matches("^[A-Za-z0-9]{20,}$", key));
                Assert.Single(keys.Distinct());
                var file = Assert.Single(Directory.GetFiles(folder.FullName));
                Assert.Equal("api-key", Path.GetFileName(file));
                Assert.Equal(keys[0], File.ReadAllText(file).Trim());
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                // Asked again later, the same key.
                Assert.Equal(keys[0], await ApiKeyAsync(folder.FullName));
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }
    }

    private static async Task<string> ApiKeyAsync(string dataFolder)
    {
        var start = new ProcessStartInfo(DeployFiles.Path("deploy", "api-key.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["VIDEO_DATA_DIR"] = dataFolder },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"api-key.sh exited with {process.ExitCode}: {await errors}");
        return (await output).Trim();
    }
}
