using OpenCvSharp;

namespace Orleans.Video.Inference;

/// <summary>
/// Decodes a DB (differentiable binarization) text-detection probability map, [N, 1, H, W] or [N, H, W], as
/// PaddleOCR's post-processing does with axis-aligned boxes: binarize at the binary threshold, take the external
/// contours inside the letterbox content, score each by the mean probability under the contour, drop weak or
/// small ones, and grow each box back by DB's unclip distance (area × ratio / perimeter) on every side, because
/// the network is trained to predict shrunk text kernels. Every detection is labelled <see cref="Label"/>, class 0.
/// </summary>
public sealed class DbTextDecoder(float binaryThreshold, float scoreThreshold, float unclipRatio, float minArea, int maxDetections)
    : IDetectionDecoder
{
    public const string Label = "text";

    public static DbTextDecoder For(ModelDefinition model) =>
        new(model.DbBinaryThreshold, model.ScoreThreshold, model.DbUnclipRatio, model.DbMinArea, model.MaxDetections);

    public unsafe IReadOnlyList<Detection> Decode(ReadOnlySpan<float> output, ReadOnlySpan<long> shape, int item, Letterbox letterbox)
    {
        if (shape.Length is not (3 or 4) || (shape.Length == 4 && shape[1] != 1))
        {
            throw new ArgumentException($"a DB probability map must be [N,1,H,W] or [N,H,W], got [{string.Join(",", shape.ToArray())}]", nameof(shape));
        }
        if (item < 0 || item >= shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(item), $"item {item} is outside the batch of {shape[0]}");
        }
        var mapHeight = (int)shape[^2];
        var mapWidth = (int)shape[^1];
        var planeLength = mapHeight * mapWidth;
        if (output.Length < (item + 1) * planeLength)
        {
            throw new ArgumentException($"output holds {output.Length} values, fewer than its shape [{string.Join(",", shape.ToArray())}] says", nameof(output));
        }
        // Some DB exports emit the map at a fraction of the input size; work in map pixels, report in input pixels.
        var fx = (float)mapWidth / letterbox.InputWidth;
        var fy = (float)mapHeight / letterbox.InputHeight;
        var content = ContentRect(letterbox, fx, fy, mapWidth, mapHeight);
        if (content.Width <= 0 || content.Height <= 0)
        {
            return [];
        }

        var found = new List<Detection>();
        fixed (float* plane = output.Slice(item * planeLength, planeLength))
        {
            using var map = Mat.FromPixelData(mapHeight, mapWidth, MatType.CV_32FC1, (IntPtr)plane);
            using var probabilities = new Mat(map, content);
            using var binary = new Mat();
            using (var threshold = InputArray.Create((double)binaryThreshold))
            {
                Cv2.Compare(probabilities, threshold, binary, CmpTypes.GT);
            }
            Cv2.FindContours(binary, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
            foreach (var contour in contours)
            {
                var rect = Cv2.BoundingRect(contour);
                var width = rect.Width / fx;
                var height = rect.Height / fy;
                if (width * height < minArea)
                {
                    continue;
                }
                var score = MeanInside(probabilities, contour, rect);
                if (score < scoreThreshold)
                {
                    continue;
                }
                var distance = width * height * unclipRatio / (2 * (width + height));
                var x = (rect.X + content.X) / fx - distance;
                var y = (rect.Y + content.Y) / fy - distance;
                var box = letterbox.ToSource(new Box(x, y, width + 2 * distance, height + 2 * distance));
                if (box.Area > 0)
                {
                    found.Add(new Detection(Label, 0, score, box));
                }
            }
        }
        found.Sort((a, b) => b.Score.CompareTo(a.Score));
        return found.Count > maxDetections ? found.GetRange(0, maxDetections) : found;
    }

    /// <summary>The letterbox content in map pixels: padding is never text.</summary>
    private static Rect ContentRect(Letterbox letterbox, float fx, float fy, int mapWidth, int mapHeight)
    {
        var left = Math.Clamp((int)MathF.Floor(letterbox.PadX * fx), 0, mapWidth);
        var top = Math.Clamp((int)MathF.Floor(letterbox.PadY * fy), 0, mapHeight);
        var right = Math.Clamp((int)MathF.Ceiling((letterbox.PadX + letterbox.ContentWidth) * fx), left, mapWidth);
        var bottom = Math.Clamp((int)MathF.Ceiling((letterbox.PadY + letterbox.ContentHeight) * fy), top, mapHeight);
        return new Rect(left, top, right - left, bottom - top);
    }

    /// <summary>Mean probability over the pixels inside the contour (its filled polygon), within its bounding rect.</summary>
    private static float MeanInside(Mat probabilities, Point[] contour, Rect rect)
    {
        using var region = new Mat(probabilities, rect);
        using var mask = new Mat(rect.Height, rect.Width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillPoly(mask, [contour], Scalar.All(1), LineTypes.Link8, 0, new Point(-rect.X, -rect.Y));
        return (float)Cv2.Mean(region, mask).Val0;
    }
}
