using System.Diagnostics;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Support;

/// <summary>
/// A real RTSP server on loopback (GStreamer's, <c>rtsp-camera.py</c>) that offers one lower transport only: a
/// UDP-only camera refuses interleaved TCP with 461, as such cameras do. Killed on dispose.
/// </summary>
public sealed class RtspCamera : IDisposable
{
    private readonly Process _process;

    private RtspCamera(Process process, int port)
    {
        _process = process;
        Url = $"rtsp://127.0.0.1:{port}/cam";
    }

    public string Url { get; }

    public static async Task<RtspCamera> StartAsync(string transport)
    {
        var port = LoopbackPorts.Free();
        var script = Path.Combine(SiloProcess.RepositoryRoot(), "tests", "Orleans.Video.IntegrationTests", "Support", "rtsp-camera.py");
        // Debian's interpreter: python3-gi is installed for it, not for whatever python3 comes first on the PATH.
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), transport },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (ready != "ready")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"rtsp-camera.py did not start: {await errors}");
        }
        return new RtspCamera(process, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
