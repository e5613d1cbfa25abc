using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Video.Media;

/// <summary>
/// Puts a running ffmpeg below the silo in the CPU's queue. Under overload the decoders outrun inference: what they
/// decode beyond that is dropped at the camera's gate anyway, and at the same priority the silo's threads wait behind
/// them (measured at 8 cameras on 2 cores: p99 decode→stored 300 ms; with the decoders lowered, 50 ms, no drops, the
/// same throughput). Jobs' chunk decoders and tools are lowered the same way, below the cameras.
/// </summary>
public static class DecoderPriority
{
    /// <summary>Lowers <paramref name="process"/> to below normal (nice 10 on Linux).</summary>
    /// <returns>Whether it was lowered: false when it has gone meanwhile, or is not ours to lower.</returns>
    public static bool TryLower(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            return false;
        }
    }
}
