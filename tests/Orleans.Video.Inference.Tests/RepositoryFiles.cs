namespace Orleans.Video.Inference.Tests;

/// <summary>Files outside the build output that tests need: the repository's node_modules, Debian's sample footage.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file under the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Fails the test with what to install when a file the test needs is missing.</summary>
    public static string Require(string path, string installedBy)
    {
        Assert.True(File.Exists(path), $"{path} is missing: {installedBy} (deploy/setup.sh installs it)");
        return path;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Orleans.Video.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Orleans.Video.sln not found above the test output");
    }
}
