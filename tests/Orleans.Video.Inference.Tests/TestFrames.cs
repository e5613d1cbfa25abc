namespace Orleans.Video.Inference.Tests;

/// <summary>Synthetic frames: black letterbox content with an optional white rectangle.</summary>
internal static class TestFrames
{
    /// <summary>Planar content bytes (3 planes of ContentWidth x ContentHeight), black with a white rectangle in content pixels.</summary>
    public static byte[] Planes(Letterbox letterbox, (int X, int Y, int Width, int Height)? white)
    {
        var width = letterbox.ContentWidth;
        var height = letterbox.ContentHeight;
        var planes = new byte[width * height * 3];
        if (white is { } rect)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var y = rect.Y; y < rect.Y + rect.Height; y++)
                {
                    planes.AsSpan(c * width * height + y * width + rect.X, rect.Width).Fill(255);
                }
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
            Planes = Planes(letterbox, white),
        };
}
