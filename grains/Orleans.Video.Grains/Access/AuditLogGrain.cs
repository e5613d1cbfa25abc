using Orleans.Concurrency;
using Orleans.Video.Storage.Access;

namespace Orleans.Video.Grains.Access;

/// <summary>Answers audit queries on the silo it is called from (a stateless worker: no hot spot, nothing kept).</summary>
[StatelessWorker]
[GrainType("audit")]
public sealed class AuditLogGrain(AuditStore store) : Grain, IAuditLogGrain
{
    public Task<AuditPage> QueryAsync(AuditQuery query) => store.QueryAsync(query);
}
