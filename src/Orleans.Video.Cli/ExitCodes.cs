namespace Orleans.Video.Cli;

/// <summary>What the process exit code says, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a usage error, or a rule the cluster refused (the rule is on stderr).</summary>
    public const int InvalidInput = 1;

    /// <summary>The cluster could not be reached in time, or failed a call.</summary>
    public const int ClusterUnavailable = 2;

    /// <summary>No such camera.</summary>
    public const int NotFound = 3;

    /// <summary>Anything else; the message is on stderr.</summary>
    public const int Failed = 4;

    /// <summary>Stopped by Ctrl-C before it finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
