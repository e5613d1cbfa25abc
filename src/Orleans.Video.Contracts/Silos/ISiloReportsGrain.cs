using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// The silos' latest reports (one grain, key <see cref="Key"/>, in memory: a report is seconds old, and after a restart
/// every silo reports again within an interval). The System view and <c>GET /api/system</c> read it.
/// </summary>
[Alias("video.ISiloReportsGrain")]
public interface ISiloReportsGrain : IGrainWithStringKey
{
    public const string Key = "silos";

    [OneWay]
    [Alias("Report")]
    Task ReportAsync(SiloReport report);

    /// <summary>Each silo's latest report younger than <paramref name="maxAge"/>.</summary>
    [AlwaysInterleave]
    [Alias("List")]
    Task<IReadOnlyList<SiloReport>> ListAsync(TimeSpan maxAge);
}
