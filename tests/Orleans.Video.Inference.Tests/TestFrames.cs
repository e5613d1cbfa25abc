namespace Orleans.Video.Inference.Tests;

/// <summary>Synthetic frames: black letterbox content with an optional white rectangle.</summary>
internal static class TestFrames
{
    /// <summary>I420 content bytes, black (luma 16) with a white (luma 235) rectangle in content pixels; chroma neutral.</summary>
    public static byte[] Planes(Letterbox letterbox, (int X, int Y, int Width, int Height)? white)
    {
        var width = letterbox.ContentWidth;
        var height = letterbox.ContentHeight;
        var planes = new byte[I420.Length(width, height)];
        planes.AsSpan(0, width * height).Fill(16);
        planes.AsSpan(width * height).Fill(128);
        if (white is { } rect)
        {
            for (var y = rect.Y; y < rect.Y + rect.Height; y++)
            {
                planes.AsSpan(y * width + rect.X, rect.Width).Fill(235);
            }
        }
        return planes;
    }

    public static FramePacket Packet(string camera, string model, Letterbox letterbox, (int X, int Y, int Width, int Height)? white, long sequence = 1) =>
        new()
        {
            CameraId = camera,
            Sequence = sequence,
            Timestamp = DateTimeOffset.UtcNow,
            Model = model,
            Letterbox = letterbox,
            Planes = new FramePlanes(Planes(letterbox, white)),
        };
}
