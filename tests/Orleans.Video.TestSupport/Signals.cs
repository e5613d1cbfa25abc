using System.Runtime.InteropServices;

namespace Orleans.Video.TestSupport;

/// <summary>
/// Hangs and resumes processes the way a stuck host does (SIGSTOP, SIGCONT): the sockets stay open and nothing answers
/// on them, which no clean stop or kill shows.
/// </summary>
public static partial class Signals
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Stop(int pid) => Send(pid, SigStop);

    public static void Continue(int pid) => Send(pid, SigCont);

    private static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"could not send signal {signal} to process {pid}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
