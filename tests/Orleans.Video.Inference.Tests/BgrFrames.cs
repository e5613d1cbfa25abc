using OpenCvSharp;

namespace Orleans.Video.Inference.Tests;

/// <summary>
/// Packed BGR24 images (as OpenCV and ffmpeg's <c>bgr24</c> give footage) turned into what the camera's decoder
/// delivers: the letterbox content size, as I420, converted by OpenCV.
/// </summary>
internal static class BgrFrames
{
    public static unsafe byte[] ToI420(ReadOnlySpan<byte> bgr, int sourceWidth, int sourceHeight, int width, int height)
    {
        fixed (byte* source = bgr)
        {
            using var packed = Mat.FromPixelData(sourceHeight, sourceWidth, MatType.CV_8UC3, (IntPtr)source);
            using var resized = new Mat();
            Cv2.Resize(packed, resized, new Size(width, height), interpolation: InterpolationFlags.Area);
            using var yuv = new Mat();
            Cv2.CvtColor(resized, yuv, ColorConversionCodes.BGR2YUV_I420);
            var i420 = new byte[I420.Length(width, height)];
            yuv.GetArray(out byte[] bytes);
            bytes.CopyTo(i420, 0);
            return i420;
        }
    }

    /// <summary>A frame of one colour.</summary>
    public static byte[] Solid(int width, int height, byte blue, byte green, byte red)
    {
        var bgr = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            (bgr[i * 3], bgr[i * 3 + 1], bgr[i * 3 + 2]) = (blue, green, red);
        }
        return bgr;
    }
}
