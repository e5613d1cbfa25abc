namespace Orleans.Video.Grains.Cluster;

/// <summary>Keeps each silo's latest report (<see cref="ISiloReportsGrain"/>), in memory.</summary>
[GrainType("siloreports")]
public sealed class SiloReportsGrain(TimeProvider clock) : Grain, ISiloReportsGrain
{
    private readonly Dictionary<string, SiloReport> _reports = new(StringComparer.Ordinal);

    public Task ReportAsync(SiloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloReport>> ListAsync(TimeSpan maxAge)
    {
        var since = clock.GetUtcNow() - maxAge;
        // A silo that stopped reporting is forgotten here; membership says what became of it.
        foreach (var old in _reports.Where(entry => entry.Value.At < since).Select(entry => entry.Key).ToList())
        {
            _reports.Remove(old);
        }
        return Task.FromResult<IReadOnlyList<SiloReport>>(_reports.Values.OrderBy(report => report.Name, StringComparer.Ordinal).ToList());
    }
}
