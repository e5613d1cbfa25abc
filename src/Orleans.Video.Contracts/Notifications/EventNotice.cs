namespace Orleans.Video;

/// <summary>Which news about an event a notification carries; sightings (the object is still there) are not sent.</summary>
public enum EventNoticeKind
{
    /// <summary>The event began (an object appeared, entered a zone, began loitering).</summary>
    Start = 0,

    /// <summary>The event has a better snapshot: a frame with a higher score.</summary>
    Snapshot = 1,

    /// <summary>The event ended.</summary>
    End = 2,
}

/// <summary>One event update as MQTT and webhooks send it.</summary>
[GenerateSerializer, Immutable]
[Alias("video.EventNotice")]
public sealed record EventNotice(
    [property: Id(0)] EventNoticeKind Kind,
    [property: Id(1)] VideoEvent Event)
{
    /// <summary>
    /// The same for every delivery of this update, and different for every other update: receivers drop what they
    /// saw before by it. A snapshot update is named by its frame, so a better one later is a new update.
    /// </summary>
    public string IdempotencyKey => Kind switch
    {
        EventNoticeKind.Snapshot => $"{Event.CameraId}/{Event.Id}/snapshot-{Event.BestSequence}",
        _ => $"{Event.CameraId}/{Event.Id}/{Kind.ToString().ToLowerInvariant()}",
    };

    /// <summary>
    /// What a change stored by the event log tells: a start (<paramref name="isNew"/>), a better snapshot, an end; an
    /// event that starts and ends in one change tells both; a sighting (the object is still there) tells nothing.
    /// </summary>
    public static IEnumerable<EventNotice> From(VideoEvent stored, bool isNew, bool newSnapshot)
    {
        if (isNew)
        {
            yield return new EventNotice(EventNoticeKind.Start, stored);
        }
        else if (newSnapshot && stored.End is null)
        {
            yield return new EventNotice(EventNoticeKind.Snapshot, stored);
        }
        if (stored.End is not null)
        {
            yield return new EventNotice(EventNoticeKind.End, stored);
        }
    }
}
