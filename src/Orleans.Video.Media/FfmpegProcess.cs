using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Video.Media;

/// <summary>
/// One running ffmpeg. Its arguments go to the process one by one (<see cref="ProcessStartInfo.ArgumentList"/>, no
/// shell, no command string to split): a source or path with spaces or quotes stays one argument and cannot add
/// options, inputs or outputs of its own. stderr goes line by line to a callback, stdout is <see cref="Output"/>
/// (the frames, or a clip, when ffmpeg writes to <c>pipe:1</c>), and stdin is kept open for the quit request.
/// </summary>
public sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private int _quitting;

    private FfmpegProcess(Process process) => _process = process;

    /// <summary>The process itself: to lower its priority, or to find it in a test.</summary>
    public Process Process => _process;

    /// <summary>ffmpeg's stdout. Read it to its end when ffmpeg writes there: ffmpeg blocks once the pipe is full.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Starts ffmpeg.</summary>
    /// <param name="onError">Each line ffmpeg writes to stderr, on a thread-pool thread.</param>
    /// <param name="readsOutput">
    /// Whether the caller reads <see cref="Output"/>; when not, it is read here into nothing, so that ffmpeg can never
    /// block on it.
    /// </param>
    /// <exception cref="Win32Exception">ffmpeg could not be started (not on PATH).</exception>
    public static FfmpegProcess Start(IReadOnlyList<string> arguments, Action<string> onError, bool readsOutput)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                onError(text);
            }
        };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.BeginErrorReadLine();
        var ffmpeg = new FfmpegProcess(process);
        if (!readsOutput)
        {
            _ = ffmpeg.DrainOutputAsync();
        }
        return ffmpeg;
    }

    /// <summary>Lowers ffmpeg below the silo in the CPU's queue (<see cref="DecoderPriority"/>); false when it is gone.</summary>
    public bool TryLowerPriority() => DecoderPriority.TryLower(_process);

    /// <summary>
    /// Asks ffmpeg to quit ('q' on stdin, read between frames): it then finishes its outputs, the recording's last
    /// segment and the line that lists it included. Killed if it has not exited after <paramref name="grace"/> (it may
    /// be blocked on a read from a dead source). Safe from any thread, at any time, more than once: a quit request to
    /// an ffmpeg that has just exited (a broken pipe) is no error.
    /// </summary>
    /// <param name="time">The clock the grace runs on; the system's unless a test drives it.</param>
    public void Quit(TimeSpan grace, TimeProvider? time = null)
    {
        if (Interlocked.Exchange(ref _quitting, 1) == 1)
        {
            return;
        }
        try
        {
            // The byte itself, past the writer's encoding: ffmpeg reads keys one byte at a time.
            var stdin = _process.StandardInput.BaseStream;
            stdin.Write("q"u8);
            stdin.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // ffmpeg has gone already (broken pipe), or this run is over: there is nothing left to ask.
        }
        _ = KillAfterAsync(grace, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Waits for ffmpeg to exit and for the last of its stderr lines to have been handed on; returns its exit code.
    /// Whoever starts the next ffmpeg for the same camera, or reads a recording's list, waits for this first.
    /// </summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Kills ffmpeg if it still runs: a caller that gives up on it must not leave it behind.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task KillAfterAsync(TimeSpan grace, TimeProvider time)
    {
        await Task.Delay(grace, time);
        Kill();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited meanwhile, or already disposed.
        }
    }

    private async Task DrainOutputAsync()
    {
        try
        {
            await Output.CopyToAsync(Stream.Null);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process was disposed while it wrote.
        }
    }
}
