using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Orleans.Video.Silo.Health;

/// <summary>Ready only while this silo is an active member of the cluster.</summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {status} in the membership table"));
    }
}
