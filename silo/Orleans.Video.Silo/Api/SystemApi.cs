using Orleans.Runtime;
using Orleans.Video.Client;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// The cluster at a glance (<c>GET /api/system</c>): each silo as membership sees it, with what it reported
/// (<see cref="ISiloReportsGrain"/>: CPU, memory, models, media volume) and the cameras it runs; and first, what needs
/// attention, worst first.
/// </summary>
public static class SystemApi
{
    /// <summary>A report older than this means the silo stopped reporting (it reports every few seconds).</summary>
    public static readonly TimeSpan ReportMaxAge = TimeSpan.FromSeconds(30);

    public const double BusyCpuPercent = 90;
    public const double LowStorageShare = 0.1;
    public const double DroppingShare = 0.05;

    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/system", GetAsync).RequireAuthorization().WithTags("System")
            .WithSummary("Silos (membership status, CPU, memory, models, GPU, media volume, cameras) and what needs attention first.");
        return app;
    }

    private static async Task<SystemView> GetAsync(HttpContext context, VideoClient video, IClusterClient cluster, IClusterMembershipService membership, TimeProvider clock)
    {
        var reports = (await cluster.GetGrain<ISiloReportsGrain>(ISiloReportsGrain.Key).ListAsync(ReportMaxAge)).ToDictionary(r => r.Silo, StringComparer.Ordinal);
        var cameras = (await video.ListCamerasAsync()).Select(status => CameraView.From(status)).ToList();
        if (context.User.Role() != ApiRole.Admin)
        {
            cameras = cameras.Select(camera => camera.WithoutSecrets()).ToList();
        }
        // Dead silos stay in the membership table for a while: those still named by a camera are shown, the rest are history.
        var hosts = cameras.Select(c => c.Host).Concat(cameras.Select(c => c.InferenceHost)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status != SiloStatus.Dead || hosts.Contains(member.SiloAddress.ToString()))
            .OrderBy(member => member.Name, StringComparer.Ordinal)
            .Select(member =>
            {
                var address = member.SiloAddress.ToString();
                return new SiloView(
                    address, member.Name, member.Status.ToString(), reports.GetValueOrDefault(address),
                    cameras.Where(c => c.Host == address).Select(c => c.Id).ToArray(),
                    cameras.Where(c => c.InferenceHost == address).Select(c => c.Id).ToArray());
            })
            .ToArray();
        // What each recording camera keeps, and since when: its retention horizon. Only those that record are asked.
        var recorded = cameras.Where(c => c.Recording || c.RecordMode != RecordMode.Off).ToArray();
        var usage = await Task.WhenAll(recorded.Select(c => cluster.GetGrain<IRecordingLogGrain>(c.Id).GetUsageAsync()));
        var storage = recorded.Zip(usage, (camera, used) => new CameraStorageView(camera.Id, camera.RecordMode, used.Bytes, used.Oldest)).ToArray();
        return new SystemView(clock.GetUtcNow(), silos, Attention(silos, cameras), cameras.Count, cameras.Count(c => c.State == CameraState.Running), storage);
    }

    /// <summary>What an operator should look at, worst first: silos not serving, failing cameras and models, full disks, busy machines.</summary>
    public static IReadOnlyList<string> Attention(IReadOnlyList<SiloView> silos, IReadOnlyList<CameraView> cameras)
    {
        var notes = new List<string>();
        foreach (var silo in silos.Where(s => s.Status != nameof(SiloStatus.Active)))
        {
            notes.Add($"silo {silo.Name} is {silo.Status.ToLowerInvariant()}{(silo.Cameras.Count > 0 ? $" and still listed as running {silo.Cameras.Count} camera(s)" : "")}");
        }
        foreach (var silo in silos.Where(s => s.Status == nameof(SiloStatus.Active) && s.Report is null))
        {
            notes.Add($"silo {silo.Name} has not reported for {ReportMaxAge.TotalSeconds:0} s: it may be overloaded or cut off from the others");
        }
        foreach (var camera in cameras.Where(c => c.State is CameraState.Failed or CameraState.Reconnecting))
        {
            notes.Add($"camera {camera.Id} is {camera.State.ToString().ToLowerInvariant()}{(camera.LastError is { } error ? $": {error}" : "")}");
        }
        foreach (var camera in cameras.Where(c => c.RecordingError is not null))
        {
            notes.Add($"camera {camera.Id} does not record: {camera.RecordingError}");
        }
        foreach (var silo in silos.Where(s => s.Report is not null))
        {
            var report = silo.Report!;
            foreach (var model in report.Models.Where(m => m.Error is not null))
            {
                notes.Add($"model {model.Model} on silo {silo.Name} did not load: {model.Error}");
            }
            foreach (var model in report.Models.Where(m => m.CudaUnavailable is not null && report.Gpu))
            {
                notes.Add($"model {model.Model} on GPU silo {silo.Name} runs on the CPU: {model.CudaUnavailable}");
            }
            if (report.StorageAvailableBytes is { } free && report.StorageCapacityBytes is > 0 and var capacity && free < capacity * LowStorageShare)
            {
                notes.Add($"the media volume of silo {silo.Name} is {100.0 * (capacity - free) / capacity:0} % full: retention frees space, or give it more");
            }
            if (report.CpuPercent >= BusyCpuPercent)
            {
                notes.Add($"silo {silo.Name}'s machine is {report.CpuPercent:0} % busy: cameras may drop frames; add a silo or lower analysis rates");
            }
        }
        foreach (var camera in cameras.Where(c => c.FramesDecoded > 100 && c.FramesDropped > c.FramesDecoded * DroppingShare))
        {
            notes.Add($"camera {camera.Id} dropped {100.0 * camera.FramesDropped / camera.FramesDecoded:0} % of its frames: its silo cannot keep up");
        }
        return notes;
    }
}

/// <summary>The answer of <c>GET /api/system</c>.</summary>
public sealed record SystemView(
    DateTimeOffset At, IReadOnlyList<SiloView> Silos, IReadOnlyList<string> Attention, int Cameras, int CamerasRunning,
    IReadOnlyList<CameraStorageView> Recordings);

/// <summary>A recording camera's stored video: its bytes, and its oldest segment's start (how far back it can be played).</summary>
public sealed record CameraStorageView(string CameraId, RecordMode Mode, long Bytes, DateTimeOffset? Oldest);

/// <summary>
/// A silo: its membership status, its latest report (null when it has not reported lately), the cameras it decodes and
/// those whose frames it infers.
/// </summary>
public sealed record SiloView(string Address, string Name, string Status, SiloReport? Report, IReadOnlyList<string> Cameras, IReadOnlyList<string> Inference);
