namespace Orleans.Video;

/// <summary>
/// A camera whose source cannot be reached says why in its status. Admins get the whole reason; everyone else gets
/// "refused" or "unreachable" and no more, so that the camera form is no port scanner for whoever may add cameras
/// (which address answered, how, and after how long stays with the admins and the silo's logs).
/// </summary>
public static class SourceReachability
{
    /// <summary>How every connection failure of a source starts (the decoder's probe writes it).</summary>
    public const string Prefix = "cannot connect to ";

    public static string? ForViewer(string? error) =>
        error is null || !error.StartsWith(Prefix, StringComparison.Ordinal) ? error
        : error.Contains("refused", StringComparison.OrdinalIgnoreCase) ? Prefix + "the source: refused"
        : Prefix + "the source: unreachable";
}
