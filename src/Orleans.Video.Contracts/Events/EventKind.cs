namespace Orleans.Video;

/// <summary>What an event is about. Every kind spans time: it starts, and it ends.</summary>
public enum EventKind
{
    /// <summary>A tracked object is in view: from when it appeared until it left.</summary>
    Object = 0,

    /// <summary>A tracked object is inside a zone: from entering until leaving it.</summary>
    Zone = 1,

    /// <summary>A tracked object stayed in a zone longer than the zone's loitering time; it ends when the object leaves.</summary>
    Loiter = 2,
}
