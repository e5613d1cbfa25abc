namespace Orleans.Video.Media.Jobs;

/// <summary>
/// Where a job's own files live: <c>{Storage:Root}/jobs/{job id}/</c>, its upload or its camera range there. A job
/// owns only files in its own folder, so removing it never deletes anything else.
/// </summary>
public static class JobFiles
{
    public static string Folder(string root, string jobId) => Path.Combine(Path.GetFullPath(root), "jobs", jobId);

    /// <summary>Whether <paramref name="path"/> lies in the job's folder.</summary>
    public static bool IsOwned(string root, string jobId, string path) =>
        !string.IsNullOrWhiteSpace(root)
        && Path.GetFullPath(path).StartsWith(Folder(root, jobId) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>A file name safe to store: the name's last part, letters, digits, '.', '-' and '_' only, at most 100 characters.</summary>
    public static string SafeName(string? name)
    {
        var last = Path.GetFileName(name ?? "");
        var safe = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).TrimStart('.');
        return safe.Length == 0 ? "upload" : safe.Length > 100 ? safe[^100..] : safe;
    }
}
