namespace Orleans.Video.Benchmarks.Tracking;

/// <summary>
/// One object of a generated scene: its box size and the path of its anchor (bottom-centre, where it stands) through
/// waypoints (seconds, x, y), straight between them; absent before the first and after the last. While hidden (behind
/// something) the detector does not see it.
/// </summary>
public sealed record SceneObject(string Label, float Width, float Height, IReadOnlyList<(double T, float X, float Y)> Path, IReadOnlyList<(double From, double To)>? Hidden = null)
{
    /// <summary>The true anchor at <paramref name="t"/>, or null when the object is not in the picture.</summary>
    public (float X, float Y)? At(double t)
    {
        if (t < Path[0].T || t > Path[^1].T)
        {
            return null;
        }
        for (var i = 1; i < Path.Count; i++)
        {
            if (t <= Path[i].T)
            {
                var (a, b) = (Path[i - 1], Path[i]);
                var f = b.T > a.T ? (float)((t - a.T) / (b.T - a.T)) : 1;
                return (a.X + (b.X - a.X) * f, a.Y + (b.Y - a.Y) * f);
            }
        }
        return (Path[^1].X, Path[^1].Y);
    }

    public bool HiddenAt(double t) => Hidden?.Any(h => t >= h.From && t < h.To) == true;

    public Box BoxAt((float X, float Y) anchor) => new(anchor.X - Width / 2, anchor.Y - Height, Width, Height);
}

/// <summary>
/// A scene with a known truth, as a detector would report it at <see cref="Fps"/> analysed frames a second: boxes
/// jittered by a few pixels, scores that vary, a share of detections missed at random (seeded: the same every run),
/// and, with <see cref="Occlusion"/>, an object mostly behind a nearer one (lower in the picture) not seen at all.
/// </summary>
/// <param name="ObjectEvents">Object events the truth holds: one per object, one more per parking (a stationary object's event ends).</param>
public sealed record GeneratedScene(
    string Name, string What, double Seconds, Zone Zone, IReadOnlyList<SceneObject> Objects,
    double MissRate = 0, float Jitter = 2, bool Occlusion = false, int Seed = 21, double Fps = 5, int? ObjectEvents = null)
{
    /// <summary>The picture, source pixels: vtest.avi's size.</summary>
    public static readonly (float Width, float Height) Picture = (768, 576);

    /// <summary>The analysed frames: time, and what the detector reported, each detection with the object it is of.</summary>
    public IEnumerable<(double T, IReadOnlyList<(Detection Detection, int Object)> Found)> Frames()
    {
        var random = new Random(Seed);
        for (var frame = 0; frame / Fps <= Seconds; frame++)
        {
            var t = frame / Fps;
            var boxes = Objects.Select(o => o.At(t) is { } anchor ? o.BoxAt(anchor) : (Box?)null).ToArray();
            var found = new List<(Detection, int)>();
            for (var k = 0; k < Objects.Count; k++)
            {
                // Drawn for every object every frame, seen or not: one object's misses never shift another's jitter.
                var (miss, dx, dy, dw, score) = (random.NextDouble(), Gauss(random), Gauss(random), Gauss(random), random.NextDouble());
                if (boxes[k] is not { } box || Objects[k].HiddenAt(t) || miss < MissRate || Occlusion && Behind(boxes, k))
                {
                    continue;
                }
                var grow = 1 + 0.03f * dw;
                var jittered = new Box(box.X + Jitter * dx - box.Width * (grow - 1) / 2, box.Y + Jitter * dy - box.Height * (grow - 1), box.Width * grow, box.Height * grow);
                found.Add((new Detection(Objects[k].Label, 0, (float)(0.72 + 0.25 * score), jittered), k));
            }
            yield return (t, found);
        }
    }

    /// <summary>Visits of each object to the zone by its true anchor, frame by frame: stepping in counts (being in at the start too).</summary>
    public int[] TrueVisits()
    {
        var visits = new int[Objects.Count];
        for (var k = 0; k < Objects.Count; k++)
        {
            var inside = false;
            for (var frame = 0; frame / Fps <= Seconds; frame++)
            {
                var now = Objects[k].At(frame / Fps) is { } a && Zone.Watches(Objects[k].Label) && Zone.Contains(a.X, a.Y);
                if (now && !inside)
                {
                    visits[k]++;
                }
                inside = now;
            }
        }
        return visits;
    }

    /// <summary>Mostly (over half its area) behind an object nearer the camera: one whose box reaches lower in the picture.</summary>
    private static bool Behind(Box?[] boxes, int k)
    {
        var box = boxes[k]!.Value;
        return boxes.Where((other, j) => j != k && other is { } o && o.Bottom > box.Bottom && box.Overlap(o) > 0.5f * box.Area).Any();
    }

    /// <summary>A standard normal draw (Box-Muller), clamped to ±3.</summary>
    private static float Gauss(Random random) =>
        (float)Math.Clamp(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()), -3, 3);
}
