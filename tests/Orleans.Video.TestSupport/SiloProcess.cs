using System.Diagnostics;
using System.Text;

namespace Orleans.Video.TestSupport;

/// <summary>
/// The real silo host (silo/Orleans.Video.Silo, built by the solution build) as a child process on loopback
/// ports, with its output kept for failure messages. Killed on dispose.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <summary>The API key test silos are started with.</summary>
    public const string ApiKey = "integration-tests-api-key-0123456789";

    /// <summary>An HTTP client that sends <see cref="ApiKey"/>.</summary>
    public static HttpClient CreateHttpClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    /// <param name="assembly">The silo host to run; by default the CPU build (<see cref="SiloAssembly"/>).</param>
    public SiloProcess(string connectionString, IReadOnlyDictionary<string, string> settings, string? assembly = null)
    {
        HttpPort = LoopbackPorts.Free();
        var info = new ProcessStartInfo("dotnet", $"\"{assembly ?? SiloAssembly()}\"")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        // As run.sh and the image start it: glibc's malloc at two arenas (docs/operations.md, "Memory").
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["Postgres__ConnectionString"] = connectionString;
        info.Environment["Urls"] = BaseUrl;
        info.Environment["Api__Key"] = ApiKey;
        info.Environment["Sources__MediaRoots__0"] = Path.GetTempPath();
        info.Environment["Sources__AllowPrivateNetworks"] = "true";
        SiloPort = LoopbackPorts.Free();
        info.Environment["Silo__SiloPort"] = SiloPort.ToString();
        info.Environment["Silo__GatewayPort"] = LoopbackPorts.Free().ToString();
        info.Environment["Silo__ClusterId"] = $"api-test-{Guid.NewGuid():N}";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int HttpPort { get; }

    /// <summary>The silo's process id (its CPU time is in /proc/{id}/stat).</summary>
    public int ProcessId => _process.Id;
    public int SiloPort { get; }

    /// <summary>Whether a status's host (the silo's runtime identity, "S127.0.0.1:port:epoch") is this silo.</summary>
    public bool Hosts(string? host) => host?.Contains($":{SiloPort}:", StringComparison.Ordinal) == true;

    /// <summary>A crash: SIGKILL, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until the HTTP API answers.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/api/cameras");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the silo did not answer within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Stops the silo as an operator would (SIGTERM: it leaves the cluster gracefully).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}"))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Video.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Orleans.Video.sln not found above the test directory");
    }

    public static string SiloAssembly() => Built("bin", "build the solution first");

    /// <summary>The silo built with <c>-p:OnnxRuntimeFlavor=Gpu</c> (ONNX Runtime's CUDA package; test.sh builds it).</summary>
    public static string GpuFlavourAssembly() =>
        Built("bin-gpu", "build the GPU flavour first: dotnet build silo/Orleans.Video.Silo -c Release -p:OnnxRuntimeFlavor=Gpu");

    private static string Built(string output, string hint)
    {
        // The same configuration the tests were built with (test.sh builds the whole solution in Release).
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "silo", "Orleans.Video.Silo", output, configuration, "net10.0", "linux-x64", "Orleans.Video.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{hint}: {path} is missing");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
