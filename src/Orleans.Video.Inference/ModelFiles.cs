namespace Orleans.Video.Inference;

/// <summary>Where a model's relative path points.</summary>
internal static class ModelFiles
{
    /// <summary>
    /// A relative path as given when it exists from the working directory (the repository, for <c>run.sh</c>), else
    /// beside the silo's binaries when it exists there: the shipped models (<c>models/...</c>) travel with the build,
    /// so a published silo or a container finds them wherever it was started.
    /// </summary>
    public static string? Resolve(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) ? beside : path;
    }
}
