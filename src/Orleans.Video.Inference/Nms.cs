namespace Orleans.Video.Inference;

/// <summary>Class-aware greedy non-maximum suppression.</summary>
public static class Nms
{
    /// <summary>
    /// Keeps candidates by descending score (ties: earlier first); a candidate overlapping an already kept box
    /// of the same class with IoU strictly above <paramref name="iouThreshold"/> is dropped. At most
    /// <paramref name="maxDetections"/> are kept.
    /// </summary>
    public static List<ScoredBox> Apply(IReadOnlyList<ScoredBox> candidates, float iouThreshold, int maxDetections)
    {
        var kept = new List<ScoredBox>(Math.Min(candidates.Count, Math.Max(0, maxDetections)));
        if (candidates.Count == 0 || maxDetections <= 0)
        {
            return kept;
        }
        var order = new int[candidates.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // A stable order: Array.Sort is not stable, so break score ties by index.
        Array.Sort(order, (a, b) =>
        {
            var byScore = candidates[b].Score.CompareTo(candidates[a].Score);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });
        foreach (var index in order)
        {
            var candidate = candidates[index];
            var suppressed = false;
            foreach (var box in kept)
            {
                if (box.ClassId == candidate.ClassId && box.Box.IoU(candidate.Box) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed)
            {
                kept.Add(candidate);
                if (kept.Count == maxDetections)
                {
                    break;
                }
            }
        }
        return kept;
    }
}
