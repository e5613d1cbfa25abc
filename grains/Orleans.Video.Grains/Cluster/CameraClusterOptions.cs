namespace Orleans.Video.Grains.Cluster;

/// <summary>How the cluster keeps cameras running and balanced (configuration section "Cameras").</summary>
public sealed class CameraClusterOptions
{
    public const string Section = "Cameras";

    /// <summary>Move running cameras from busy silos to idle ones (e.g. a silo that just joined).</summary>
    public bool Rebalance { get; set; } = true;

    /// <summary>How often the camera planner checks that cameras run and are balanced.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many cameras move per sweep, so a join does not stop every camera at once.</summary>
    public int MaxMovesPerSweep { get; set; } = 2;

    /// <summary>
    /// After a full restart (no silo of the cluster the camera planner last saw is left), cameras start once as many silos
    /// are active as before, or membership has been quiet this long (no silo joining), at most
    /// <see cref="MaxColdStartSettle"/>: silos that start together then share the cameras from the first second,
    /// instead of the first one up taking them all. Zero: start at once.
    /// </summary>
    public TimeSpan ColdStartSettle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a cold start waits for silos to join before it starts the cameras on those it has.</summary>
    public static readonly TimeSpan MaxColdStartSettle = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Inference only on silos advertising <c>gpu=true</c>: with none alive, cameras hold their frames and
    /// report "waiting for a GPU silo" instead of running inference on CPU silos.
    /// </summary>
    public bool RequireGpu { get; set; }

    /// <summary>
    /// Cameras go to GPU silos first, up to each one's <c>Silo:DecodeCapacity</c>, and only the rest to CPU silos: a
    /// camera beside its inference sends no raw frame over the network. Give the GPU silos <c>Pipeline:Hwaccel=cuda</c>
    /// so that they decode with NVDEC, not their CPUs.
    /// </summary>
    public bool DecodeOnGpuSilos { get; set; }
}
