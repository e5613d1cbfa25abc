namespace Orleans.Video;

/// <summary>Value equality for the lists inside configuration records (records alone compare lists by reference).</summary>
internal static class Same
{
    /// <summary>Null and empty are the same: both mean "no restriction".</summary>
    public static bool Strings(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    public static bool Items<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        (a ?? []).SequenceEqual(b ?? []);
}
