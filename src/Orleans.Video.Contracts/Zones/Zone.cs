namespace Orleans.Video;

/// <summary>
/// A named area of one camera's picture. An object is in the zone when the middle of its box's bottom edge
/// (where a person stands, where a car touches the road) is inside the polygon.
/// </summary>
/// <param name="Name">Unique within the camera; letters, digits, '-' and '_' (it appears in event ids and URLs).</param>
/// <param name="Points">The polygon, at least 3 vertices in source-frame pixels, in order around its edge.</param>
/// <param name="Labels">Only objects with these labels count in the zone; null or empty for every label.</param>
/// <param name="LoiterSeconds">An object staying longer than this makes a loitering event; 0 for none.</param>
/// <param name="Inertia">
/// An object enters after its anchor was inside for this many analysed frames in a row, and leaves after as many
/// outside: one walking along the edge makes one visit, not one a second. Null for the silo's <c>Tracking:ZoneInertia</c>.
/// </param>
/// <param name="KeepStationary">
/// Events of objects that stop in the zone stay open however long they stay (a no-parking zone); otherwise a stationary
/// object's visit ends (see <c>Tracking:StationaryAfter</c>). Zones with loitering keep them regardless.
/// </param>
[GenerateSerializer, Immutable]
[Alias("video.Zone")]
public sealed record Zone(
    [property: Id(0)] string Name,
    [property: Id(1)] List<ZonePoint> Points,
    [property: Id(2)] List<string>? Labels = null,
    [property: Id(3)] double LoiterSeconds = 0,
    [property: Id(4)] int? Inertia = null,
    [property: Id(5)] bool KeepStationary = false)
{
    /// <summary>Whether stationary objects' visits stay open: asked for, or loitering (which is about staying).</summary>
    public bool KeepsStationary => KeepStationary || LoiterSeconds > 0;

    /// <summary>Whether the zone watches objects of <paramref name="label"/>.</summary>
    public bool Watches(string label) => Labels is not { Count: > 0 } labels || labels.Contains(label, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the object's anchor point (bottom-centre of its box) lies inside the polygon.</summary>
    public bool Holds(Box box) => Contains(box.X + box.Width / 2, box.Bottom);

    /// <summary>Even-odd rule: a ray from the point crosses the edge an odd number of times when it is inside.</summary>
    public bool Contains(float x, float y)
    {
        var inside = false;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            var (a, b) = (Points[i], Points[j]);
            if (a.Y > y != b.Y > y && x < (b.X - a.X) * (y - a.Y) / (b.Y - a.Y) + a.X)
            {
                inside = !inside;
            }
        }
        return inside;
    }

    /// <summary>Signed area by the shoelace formula; its magnitude is 0 for a degenerate polygon.</summary>
    public double Area()
    {
        double sum = 0;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            sum += (double)Points[j].X * Points[i].Y - (double)Points[i].X * Points[j].Y;
        }
        return sum / 2;
    }

    // Records compare lists by reference; a configuration read back from storage must equal the one written.
    public bool Equals(Zone? other) =>
        other is not null && Name == other.Name && LoiterSeconds.Equals(other.LoiterSeconds)
        && Inertia == other.Inertia && KeepStationary == other.KeepStationary
        && Same.Items(Points, other.Points) && Same.Strings(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(Name, Points?.Count, LoiterSeconds);
}
