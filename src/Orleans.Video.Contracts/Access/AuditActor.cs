namespace Orleans.Video;

/// <summary>
/// Who is making a change, carried with the grain calls it makes (Orleans' request context): the HTTP API sets it
/// from the caller's key, the CLI from the user and machine. Grains that change cameras, jobs and keys read it.
/// </summary>
public static class AuditActor
{
    public const string ContextKey = "video.actor";

    /// <summary>Who, when nothing set it: a program using the client SDK directly.</summary>
    public const string Unknown = "sdk";

    public static void Set(string actor) => Orleans.Runtime.RequestContext.Set(ContextKey, actor);

    public static string Current => Orleans.Runtime.RequestContext.Get(ContextKey) as string ?? Unknown;
}
