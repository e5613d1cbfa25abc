using Orleans.Video.Storage.Access;

namespace Orleans.Video.Grains.Access;

/// <summary>
/// Writes a change to the audit log, naming whoever the calling request says made it (<see cref="AuditActor"/>).
/// Written before the grain answers: a change the caller saw succeed is in the log.
/// </summary>
public sealed class AuditTrail(AuditStore store, TimeProvider clock)
{
    public Task RecordAsync(string action, string target, string? detail = null) =>
        store.AppendAsync(new AuditEntry { At = clock.GetUtcNow(), Actor = AuditActor.Current, Action = action, Target = target, Detail = detail });
}
