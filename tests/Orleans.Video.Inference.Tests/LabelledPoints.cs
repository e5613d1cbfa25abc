namespace Orleans.Video.Inference.Tests;

/// <summary>Scores detections against objects labelled by eye as one point each (their centre, source pixels).</summary>
internal static class LabelledPoints
{
    /// <summary>How many labelled objects a detection's box covers (each counted once, best scores first), and how many detections cover none.</summary>
    public static (int Matched, int Unmatched) Match(IReadOnlyList<Detection> detections, IReadOnlyList<(int X, int Y)> labelled)
    {
        var left = labelled.ToList();
        var unmatched = 0;
        foreach (var detection in detections.OrderByDescending(d => d.Score))
        {
            var box = detection.Box;
            var index = left.FindIndex(p => p.X >= box.X && p.X <= box.Right && p.Y >= box.Y && p.Y <= box.Bottom);
            if (index >= 0)
            {
                left.RemoveAt(index);
            }
            else
            {
                unmatched++;
            }
        }
        return (labelled.Count - left.Count, unmatched);
    }
}
