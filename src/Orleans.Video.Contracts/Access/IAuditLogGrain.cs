using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>Reads the audit log (<c>video_audit</c>); a stateless worker on every silo, so clients without database access can query it.</summary>
[Alias("video.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    [Alias("Query")]
    Task<AuditPage> QueryAsync(AuditQuery query);
}
