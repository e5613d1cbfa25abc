using System.Diagnostics;
using System.Globalization;
using Orleans.Video.Media;

namespace Orleans.Video.Inference.Tests;

/// <summary>One decoded frame of a clip: packed BGR24 at the source size.</summary>
internal sealed record SourceFrame(int Index, int Width, int Height, byte[] Bgr);

/// <summary>
/// Real footage from Debian's <c>opencv-doc</c> samples (<c>vtest.avi</c>: pedestrians, <c>Megamind.avi</c>: faces),
/// decoded with ffmpeg and turned into <see cref="FramePacket"/>s as the camera pipeline does: letterbox content,
/// planar bytes in the model's channel order (<see cref="PlanarPreprocessor"/>).
/// </summary>
internal static class Footage
{
    public const string SamplesDirectory = "/usr/share/doc/opencv-doc/examples/data";

    public static string Sample(string name) =>
        RepositoryFiles.Require(System.IO.Path.Combine(SamplesDirectory, name), "Debian package opencv-doc");

    /// <summary>The frames at these indices (decode order), in ascending order.</summary>
    public static IReadOnlyList<SourceFrame> Decode(string path, params int[] indices)
    {
        var size = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]);
        var parts = System.Text.Encoding.ASCII.GetString(size).Trim().Split(',');
        int width = int.Parse(parts[0], CultureInfo.InvariantCulture), height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var select = string.Join('+', indices.Select(i => $"eq(n\\,{i})"));
        var raw = Run("ffmpeg", ["-v", "error", "-i", path, "-an", "-vf", $"select={select}", "-fps_mode", "passthrough",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
        var frameLength = width * height * 3;
        Assert.Equal(indices.Length * frameLength, raw.Length);
        return indices.Order()
            .Select((index, i) => new SourceFrame(index, width, height, raw.AsSpan(i * frameLength, frameLength).ToArray()))
            .ToArray();
    }

    /// <summary>The packet the camera pipeline would send for this frame to a model with this input.</summary>
    public static FramePacket Packet(SourceFrame frame, string camera, string model, int inputWidth, int inputHeight)
    {
        var letterbox = Letterbox.Fit(frame.Width, frame.Height, inputWidth, inputHeight);
        var planes = BgrFrames.ToI420(frame.Bgr, frame.Width, frame.Height, letterbox.ContentWidth, letterbox.ContentHeight);
        return new FramePacket
        {
            CameraId = camera,
            Sequence = frame.Index,
            Timestamp = DateTimeOffset.UtcNow,
            Model = model,
            Letterbox = letterbox,
            Planes = new FramePlanes(planes),
        };
    }

    private static byte[] Run(string tool, string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        return output.ToArray();
    }
}
