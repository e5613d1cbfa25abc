namespace Orleans.Video.Cli.Connection;

/// <summary>The client could not join the cluster; the message is meant for the user as it is.</summary>
internal sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
