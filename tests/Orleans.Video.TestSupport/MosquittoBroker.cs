using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Video.TestSupport;

/// <summary>
/// Debian's mosquitto on a free loopback port, anonymous, its sessions and queued messages persisted in a temp folder
/// so a restarted broker still has what it held (as a broker restarted by its operator does). Killed on dispose.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-video-mosquitto-").FullName;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public MosquittoBroker()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's mosquitto package (deploy/setup.sh does)");
        }
        Port = LoopbackPorts.Free();
        // When the tests run as root, mosquitto drops to its own user, which must be able to write the persistence file.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_111_111);
        }
        File.WriteAllText(ConfigPath, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence true
            persistence_location {_directory}/
            autosave_interval 1
            max_queued_messages 100000
            """);
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", as <c>Notifications:Mqtt:Server</c> takes it.</summary>
    public string Server => $"127.0.0.1:{Port}";

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

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

    /// <summary>Starts the broker and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Executable, $"-c \"{ConfigPath}\"")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"mosquitto did not listen on {Server} within 10 s:\n{Output}");
    }

    /// <summary>Stops the broker as its operator would (SIGTERM: it saves what it holds).</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var kill = Process.Start("kill", $"-TERM {process.Id}"))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            await process.WaitForExitAsync();
            process.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
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
