using System.Diagnostics;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Support;

/// <summary>
/// A live camera stand-in on loopback: ffmpeg encodes a lavfi test pattern in real time and serves it as
/// MPEG-TS on tcp://127.0.0.1:port (it listens; the camera connects). Killed on dispose.
/// </summary>
public sealed class LiveSource : IDisposable
{
    private readonly Process _process;

    /// <param name="port">A port to listen on; by default a free one. A source started again on its predecessor's
    /// port is the same camera coming back.</param>
    public LiveSource(int? port = null)
    {
        Port = port ?? LoopbackPorts.Free();
        _process = Process.Start(new ProcessStartInfo("ffmpeg",
            "-loglevel error -re -f lavfi -i testsrc2=s=640x360:r=25 -t 120 " +
            $"-c:v libx264 -preset ultrafast -tune zerolatency -g 25 -f mpegts tcp://127.0.0.1:{Port}?listen=1")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
    }

    public int Port { get; }
    public string Url => $"tcp://127.0.0.1:{Port}";

    /// <summary>The camera hangs: its connection stays open and nothing more arrives on it.</summary>
    public void Freeze()
    {
        Signals.Stop(_process.Id);
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
