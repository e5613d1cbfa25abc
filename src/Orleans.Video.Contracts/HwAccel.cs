namespace Orleans.Video;

/// <summary>Hardware decoding for a camera's decoder (ffmpeg's <c>-hwaccel</c>).</summary>
public enum HwAccel
{
    /// <summary>Software decoding: works everywhere.</summary>
    None,

    /// <summary>VA-API (Intel and AMD GPUs on Linux).</summary>
    Vaapi,

    /// <summary>NVIDIA NVDEC.</summary>
    Cuda,

    /// <summary>Intel Quick Sync.</summary>
    Qsv,
}
