using OpenCvSharp;

namespace Orleans.Video.Inference.Tests;

/// <summary>
/// Turns a packed BGR24 image (as OpenCV reads footage) into the planar layout models want (one 8-bit plane per
/// channel, in RGB or BGR order), resized to the letterbox content size: what the camera's decoder delivers
/// from ffmpeg, for tests that feed the detectors frames read with OpenCV.
/// </summary>
internal static class PlanarPreprocessor
{
    /// <summary>Writes <paramref name="width"/> x <paramref name="height"/> x 3 planar bytes into <paramref name="planes"/>.</summary>
    public static unsafe void ToPlanes(ReadOnlySpan<byte> bgr, int sourceWidth, int sourceHeight, int width, int height, bool rgb, Span<byte> planes)
    {
        if (bgr.Length < sourceWidth * sourceHeight * 3)
        {
            throw new ArgumentException($"frame has {bgr.Length} bytes, expected {sourceWidth * sourceHeight * 3} for {sourceWidth}x{sourceHeight} BGR24", nameof(bgr));
        }
        if (planes.Length < width * height * 3)
        {
            throw new ArgumentException($"planes buffer has {planes.Length} bytes, expected {width * height * 3}", nameof(planes));
        }

        fixed (byte* source = bgr)
        fixed (byte* target = planes)
        {
            using var packed = Mat.FromPixelData(sourceHeight, sourceWidth, MatType.CV_8UC3, (IntPtr)source);
            using var resized = sourceWidth == width && sourceHeight == height ? null : new Mat();
            if (resized is not null)
            {
                Cv2.Resize(packed, resized, new Size(width, height), interpolation: InterpolationFlags.Linear);
            }
            var input = resized ?? packed;
            var planeSize = width * height;
            // Split writes straight into the three planes of the target buffer: no intermediate copies.
            using var first = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)target);
            using var second = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)(target + planeSize));
            using var third = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)(target + 2 * planeSize));
            // BGR input: channel 0 is blue. For RGB order the red channel (2) goes to the first plane.
            var order = rgb ? new[] { 2, 1, 0 } : new[] { 0, 1, 2 };
            Cv2.MixChannels([input], [first, second, third], [0, order[0], 1, order[1], 2, order[2]]);
        }
    }
}
