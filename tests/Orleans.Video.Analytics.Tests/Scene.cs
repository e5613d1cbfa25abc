namespace Orleans.Video.Analytics.Tests;

/// <summary>Feeds a tracker and an event tracker frame by frame at a fixed rate, as a camera grain does.</summary>
/// <param name="rules">By default every confirmed track makes events at once (no minimum duration), as the tests of
/// zones and loitering want; the tests of which tracks are worth events pass their own.</param>
internal sealed class Scene(IReadOnlyList<Zone>? zones = null, TrackerOptions? options = null, double fps = 5, EventOptions? rules = null, float eventScore = 0)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly TrackerOptions _options = options ?? new TrackerOptions();
    private ObjectTracker? _tracker;
    private EventTracker? _events;
    private long _frame;

    public ObjectTracker Tracker => _tracker ??= new ObjectTracker(_options, idBase: 7L << 32);

    public EventTracker Events => _events ??= new EventTracker("cam", zones ?? [], _options, rules ?? new EventOptions { MinDuration = TimeSpan.Zero }, eventScore);

    public List<EventChange> Changes { get; } = [];

    public DateTimeOffset Now => Start + TimeSpan.FromSeconds(_frame / fps);

    /// <summary>One analysed frame; returns the confirmed tracks seen in it.</summary>
    public IReadOnlyList<Track> Frame(params Detection[] detections)
    {
        _frame++;
        var update = Tracker.Update(Now, _frame, detections);
        Changes.AddRange(Events.Observe(update, Now));
        return update.Seen;
    }

    /// <summary>A frame nobody analysed (dropped, or skipped by the motion gate): time passes, the tracker hears nothing.</summary>
    public void Skip() => _frame++;

    public void Stop() => Changes.AddRange(Events.CloseAll(Tracker.Clear()));

    public static Detection Person(float x, float y, float score = 0.8f) => new("person", 0, score, new Box(x, y, 40, 100));

    public static Detection Car(float x, float y, float score = 0.8f) => new("car", 1, score, new Box(x, y, 120, 60));

    public static Zone Square(string name, float x, float y, float size, double loiterSeconds = 0, params string[] labels) =>
        new(name, [new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size)], labels.Length > 0 ? [.. labels] : null, loiterSeconds);
}
