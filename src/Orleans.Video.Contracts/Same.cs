namespace Orleans.Video;

/// <summary>Value equality for the lists inside configuration records (records alone compare lists by reference).</summary>
internal static class Same
{
    /// <summary>Null and empty are the same: both mean "no restriction".</summary>
    public static bool Strings(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    public static bool Items<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        (a ?? []).SequenceEqual(b ?? []);

    /// <summary>The same keys (ordinal) with equal values; null and empty are the same.</summary>
    public static bool Entries<TValue>(IReadOnlyDictionary<string, TValue>? a, IReadOnlyDictionary<string, TValue>? b)
    {
        a ??= new Dictionary<string, TValue>();
        b ??= new Dictionary<string, TValue>();
        return a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var value) && EqualityComparer<TValue>.Default.Equals(entry.Value, value));
    }
}
