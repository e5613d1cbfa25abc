// Over 300 lines: the job's durable record and its turn order (plan, hand out, complete, track in media order, end)
// are one state machine. Its parts live beside it: ChunkLeases (who has which chunk), JobAdmission (may it run),
// JobTracking (the tracker over done chunks), JobResultsGrain (queries).
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Analytics;
using Orleans.Video.Grains.Access;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Media.Jobs;
using Orleans.Video.Storage.Jobs;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// One analysis job. It plans its file into keyframe-aligned chunks, hands them to the silos' chunk workers as they
/// ask (<see cref="ChunkWorkers"/>), stores each chunk's results once, and tracks them in media order into events.
/// What is handed out is leased: a chunk whose silo died, or whose worker stopped reporting, goes to the next worker
/// that asks, and one that failed is retried a few times before the job fails. The record (plan, chunks done) is
/// durable, so a job whose silo died, or whose cluster restarted, goes on from the chunks it has.
/// </summary>
[GrainType("job")]
public sealed partial class JobGrain(
    [PersistentState("job", GrainStorageNames.Video)] IPersistentState<JobRecord> state,
    [PersistentState("results", GrainStorageNames.Results)] IPersistentState<JobResultsState> results,
    JobStore store,
    JobAdmission admission,
    IModelCatalog models,
    IOptions<MediaStorageOptions> storage,
    IClusterMembershipService membership,
    ClusterSilos silos,
    AuditTrail audit,
    IOptions<JobsOptions> options,
    IOptions<TrackerOptions> trackerOptions,
    IOptions<EventOptions> eventOptions,
    TimeProvider clock,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    /// <summary>Chunks read back from storage per round trip when tracking resumes.</summary>
    private const int ChunksPerRead = 32;

    /// <summary>The rate shown while running is over this long.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>Attempt numbers start at random so that a new activation's never match an old one's.</summary>
    private readonly ChunkLeases _leases = new(Random.Shared.Next(0, int.MaxValue / 2));

    /// <summary>Done chunks whose turn in tracking has not come yet.</summary>
    private readonly Dictionary<int, StoredJobChunk> _waiting = [];
    private readonly Queue<(DateTimeOffset At, long Frames)> _rate = new();
    private JobTracking? _tracking;

    /// <summary>The next chunk to track; chunks before it are in <see cref="_tracking"/>.</summary>
    private int _tracked;
    private int? _storedEvents;

    /// <summary>Set when this activation found the job running: workers still on its chunks get a moment to report before chunks are handed out again.</summary>
    private DateTimeOffset? _resumedAt;

    /// <summary>The options chunks are handed out with (<see cref="ChunkOptions"/>), worked out on the first.</summary>
    private JobOptions? _chunkOptions;
    private IGrainTimer? _tick;

    private string Id => this.GetPrimaryKeyString();

    private JobRecord Job => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && !Job.State.IsEnded())
        {
            _resumedAt = Job.State == JobState.Running ? clock.GetUtcNow() : null;
            StartTicking();
        }
        return Task.CompletedTask;
    }

    public async Task<JobStatus> SubmitAsync(JobSpec spec)
    {
        if (state.RecordExists)
        {
            return Status();
        }
        await admission.CheckAsync(Id, spec);
        state.State = new JobRecord { Spec = spec, State = JobState.Queued, Created = clock.GetUtcNow() };
        await state.WriteStateAsync();
        await Registry.SetAsync(Id, active: true);
        await audit.RecordAsync("job.submit", Id, $"{spec.Name}, model {spec.Options.Model}");
        LogSubmitted(logger, Id, spec.Name, spec.Options.Model);
        StartTicking();
        return Status();
    }

    public async Task<JobStatus?> GetStatusAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }
        if (_tracking is null && Job.State.IsEnded())
        {
            _storedEvents ??= await store.CountEventsAsync(Id);
        }
        return Status();
    }

    public async Task<bool> CancelAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }
        if (!Job.State.IsEnded())
        {
            await EndAsync(JobState.Cancelled, null);
            await audit.RecordAsync("job.cancel", Id);
            return true;
        }
        // Ended: remove it, with its results and its folder (a file it owns is there: SubmitAsync checks; the annotated
        // output too).
        await results.ClearStateAsync();
        if (storage.Value.Enabled && Directory.Exists(JobFiles.Folder(storage.Value.Root, Id)))
        {
            DeleteFolder(JobFiles.Folder(storage.Value.Root, Id));
        }
        await state.ClearStateAsync();
        await Registry.RemoveAsync(Id);
        await audit.RecordAsync("job.remove", Id);
        _storedEvents = null;
        DeactivateOnIdle();
        return true;
    }

    public Task<JobChunk?> TakeChunkAsync(string worker)
    {
        if (Job.State != JobState.Running || Job.Spec is not { } spec
            || _resumedAt is { } resumed && clock.GetUtcNow() - resumed < options.Value.ProgressInterval * 2)
        {
            return Task.FromResult<JobChunk?>(null);
        }
        if (_leases.Take(worker, Job.Done, clock.GetUtcNow()) is not { } taken)
        {
            return Task.FromResult<JobChunk?>(null);
        }
        var (chunk, attempt) = taken;
        return Task.FromResult<JobChunk?>(new JobChunk(
            Id, chunk, attempt, spec.Source, new TimeSpan(Job.ChunkSeeks[chunk]), Job.ChunkFrames[chunk], Job.FrameCount(chunk), Job.FrameRate, _chunkOptions ??= ChunkOptions(spec.Options)));
    }

    public Task<bool> ReportProgressAsync(string worker, int chunk, int attempt, int framesDecoded)
    {
        if (Job.State != JobState.Running || chunk < 0 || chunk >= Job.Chunks || Job.Done[chunk])
        {
            return Task.FromResult(false);
        }
        return Task.FromResult(_leases.Report(worker, chunk, attempt, framesDecoded, clock.GetUtcNow()));
    }

    public async Task CompleteChunkAsync(string worker, int chunk, int attempt, JobChunkResult result)
    {
        _leases.Release(chunk, attempt);
        if (Job.State != JobState.Running || chunk < 0 || chunk >= Job.Chunks || Job.Done[chunk])
        {
            return; // a second report of a chunk done already: its results are stored once
        }
        var stored = new StoredJobChunk(chunk, Job.ChunkFrames[chunk], Job.FrameCount(chunk), result.FramesAnalysed, result.Frames);
        // Results first, then the mark that the chunk is done: a crash between them redoes the chunk, whose second
        // write of the same key changes nothing.
        results.State.Chunks.Add(stored);
        await results.WriteStateAsync();
        Job.Done[chunk] = true;
        Job.FramesAnalysed += result.FramesAnalysed;
        _waiting[chunk] = stored;
        await TrackAsync();
        if (Job.State == JobState.Running)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task FailChunkAsync(string worker, int chunk, int attempt, string reason, bool countsAsAttempt = true)
    {
        _leases.Release(chunk, attempt);
        if (!countsAsAttempt || Job.State != JobState.Running || chunk < 0 || chunk >= Job.Chunks || Job.Done[chunk])
        {
            return;
        }
        var failures = ++Job.Failures[chunk];
        LogChunkFailed(logger, Id, chunk, worker, failures, reason);
        if (failures >= options.Value.MaxAttempts)
        {
            var at = JobSampling.TimeOf(Job.ChunkFrames[chunk], Job.FrameRate);
            await EndAsync(JobState.Failed, $"chunk {chunk} (from {at:hh\\:mm\\:ss\\.fff}) failed {failures} times: {reason}");
            return;
        }
        await state.WriteStateAsync();
    }

    private IJobRegistryGrain Registry => GrainFactory.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key);

    private void StartTicking() =>
        _tick ??= Untraced.Start(() => this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromSeconds(1)) { KeepAlive = true }));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        switch (Job.State)
        {
            case JobState.Queued:
                await PlanAsync(cancellationToken);
                break;
            case JobState.Running:
                ExpireLeases();
                SampleRate();
                // After a restart the chunks done before are tracked again from storage, in the background of the run.
                await TrackAsync();
                break;
            default:
                StopTicking();
                break;
        }
    }

    private void StopTicking()
    {
        _tick?.Dispose();
        _tick = null;
    }

    private async Task PlanAsync(CancellationToken cancellationToken)
    {
        var spec = Job.Spec!;
        VideoFile file;
        try
        {
            file = await FileProbe.ProbeAsync(spec.Source, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            await EndAsync(JobState.Failed, e.Message);
            return;
        }
        // Cores stand for the silos' slots (one chunk a core by default): enough chunks that every slot stays busy to the end.
        var slots = silos.Active().Sum(silo => silo.Cores);
        var chunks = ChunkPlan.Cut(file, options.Value.ChunkLengthFor(file.Duration, slots));
        Job.FrameRate = file.FrameRate;
        Job.Frames = file.Frames;
        (Job.Width, Job.Height) = (file.Width, file.Height);
        Job.ChunkFrames = [.. chunks.Select(chunk => chunk.FirstFrame)];
        Job.ChunkSeeks = [.. chunks.Select(chunk => chunk.Seek.Ticks)];
        Job.Done = new bool[chunks.Count];
        Job.Failures = new int[chunks.Count];
        Job.State = JobState.Running;
        Job.Started = clock.GetUtcNow();
        await state.WriteStateAsync();
        LogPlanned(logger, Id, file.Frames, file.FrameRate, chunks.Count, file.Keyframes.Count);
    }

    /// <summary>Leases whose silo died, or whose worker has not reported for <see cref="JobsOptions.LeaseTimeout"/>, end: the chunk is handed out again.</summary>
    private void ExpireLeases()
    {
        var snapshot = membership.CurrentSnapshot;
        var expired = _leases.Expire(clock.GetUtcNow(), options.Value.LeaseTimeout,
            worker => SiloAddress.FromParsableString(worker) is { } silo && snapshot.GetSiloStatus(silo) == SiloStatus.Dead);
        foreach (var (chunk, lease, gone) in expired)
        {
            LogLeaseExpired(logger, Id, chunk, lease.Worker, gone ? "its silo is dead" : "no report");
        }
    }

    /// <summary>
    /// The options a worker runs a chunk with: the filter with the default labels put in for the job's model, as a
    /// camera's run has (the stored spec keeps what was submitted).
    /// </summary>
    private JobOptions ChunkOptions(JobOptions options)
    {
        try
        {
            return options with { Filter = TrackedLabels.Resolve(options.Filter, ModelLabels.Of(models.Get(options.Model))) };
        }
        catch (ArgumentException)
        {
            return options; // the model left the catalog since: the worker's inference says so
        }
    }

    /// <summary>The model's event threshold; 0 (every track) when the model has left the catalog since the job was submitted.</summary>
    private float EventScore(string model)
    {
        try
        {
            return models.Get(model).EventScore;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    /// <summary>Feeds tracking every done chunk whose turn has come, stores the events that changed, and ends the job after the last chunk.</summary>
    private async Task TrackAsync()
    {
        if (Job.State != JobState.Running)
        {
            return;
        }
        _tracking ??= new JobTracking(
            Id, Job.Spec!.Options, Job.FrameRate, trackerOptions.Value, eventOptions.Value, EventScore(Job.Spec.Options.Model))
        {
            Picture = Job.Width > 0 ? (Job.Width, Job.Height) : null,
        };
        while (_tracked < Job.Chunks && Job.Done[_tracked])
        {
            if (!_waiting.Remove(_tracked, out var chunk))
            {
                var upTo = _tracked;
                while (upTo < Job.Chunks && upTo - _tracked < ChunksPerRead && Job.Done[upTo] && !_waiting.ContainsKey(upTo))
                {
                    upTo++;
                }
                foreach (var read in await store.ReadChunksAsync(Id, _tracked, upTo))
                {
                    _waiting[read.Index] = read;
                }
                if (!_waiting.Remove(_tracked, out chunk))
                {
                    // Marked done but not stored: cannot happen (results are written first); analyse it again.
                    Job.Done[_tracked] = false;
                    break;
                }
            }
            _tracking.Observe(chunk.FirstFrame, chunk.FrameCount, chunk.Frames);
            _tracked++;
        }
        if (_tracked == Job.Chunks)
        {
            _tracking.End();
        }
        results.State.Events.AddRange(_tracking.TakeChanges());
        if (results.State.Events.Count > 0)
        {
            await results.WriteStateAsync();
        }
        if (_tracked == Job.Chunks)
        {
            if (Job.Spec!.Options.Annotate && await JoinAnnotatedAsync() is { } error)
            {
                await EndAsync(JobState.Failed, error);
                return;
            }
            await EndAsync(JobState.Done, null);
        }
    }

    /// <summary>Joins the chunks' annotated segments into the job's output video; null when done, else why not.</summary>
    private async Task<string?> JoinAnnotatedAsync()
    {
        var folder = JobFiles.Folder(storage.Value.Root, Id);
        var segments = Enumerable.Range(0, Job.Chunks).Select(chunk => AnnotatedVideo.Segment(folder, chunk)).ToList();
        if (segments.FirstOrDefault(segment => !File.Exists(segment)) is { } missing)
        {
            return $"the annotated video lacks {Path.GetFileName(missing)}: was the media storage root shared by every silo?";
        }
        var output = AnnotatedVideo.Output(folder);
        if (await AnnotatedVideo.JoinAsync(segments, output, CancellationToken.None) is { } error)
        {
            return $"joining the annotated video: {error}";
        }
        Job.Output = output;
        Directory.Delete(Path.GetDirectoryName(segments[0])!, recursive: true);
        return null;
    }

    private async Task EndAsync(JobState end, string? error)
    {
        Job.State = end;
        Job.Error = error;
        Job.Finished = clock.GetUtcNow();
        _leases.Clear();
        _waiting.Clear();
        await state.WriteStateAsync();
        await Registry.SetAsync(Id, active: false);
        StopTicking();
        LogEnded(logger, Id, end, error ?? "");
    }

    private void SampleRate()
    {
        var now = clock.GetUtcNow();
        _rate.Enqueue((now, FramesDone()));
        while (_rate.Count > 2 && now - _rate.Peek().At > RateWindow)
        {
            _rate.Dequeue();
        }
    }

    private long FramesDone()
    {
        long done = 0;
        for (var chunk = 0; chunk < Job.Chunks; chunk++)
        {
            done += Job.Done[chunk] ? Job.FrameCount(chunk) : _leases.FramesOf(chunk);
        }
        return done;
    }

    private JobStatus Status()
    {
        var spec = Job.Spec!;
        var done = Job.State == JobState.Done ? Job.Frames : FramesDone();
        double fps = 0;
        TimeSpan? left = null;
        if (Job.State == JobState.Running && _rate.Count >= 2)
        {
            var (from, frames) = _rate.Peek();
            var seconds = (clock.GetUtcNow() - from).TotalSeconds;
            fps = seconds > 0 ? Math.Max(0, done - frames) / seconds : 0;
            left = fps > 0 ? TimeSpan.FromSeconds((Job.Frames - done) / fps) : null;
        }
        else if (Job.State.IsEnded() && Job.Started is { } started && Job.Finished is { } finished && finished > started)
        {
            fps = done / (finished - started).TotalSeconds;
        }
        return new JobStatus(
            Id, spec.Name, Job.State, spec.Options, done, Job.Frames, Job.Done.Count(d => d), Job.Chunks, fps, left,
            Job.FrameRate > 0 ? JobSampling.TimeOf(Job.Frames, Job.FrameRate) : TimeSpan.Zero, Job.Error, Job.Created, Job.Started, Job.Finished,
            Output: Job.Output, Events: _tracking?.Events ?? _storedEvents ?? 0, Source: spec.Source);
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, Id, folder, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Name} submitted, model {Model}")]
    private static partial void LogSubmitted(ILogger logger, string jobId, string name, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Frames} frames at {FrameRate:0.###} fps in {Chunks} chunks ({Keyframes} keyframes)")]
    private static partial void LogPlanned(ILogger logger, string jobId, long frames, double frameRate, int chunks, int keyframes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: chunk {Chunk} failed on {Worker} ({Failures} so far): {Reason}")]
    private static partial void LogChunkFailed(ILogger logger, string jobId, int chunk, string worker, int failures, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: chunk {Chunk} handed out again: {Worker} lost it ({Why})")]
    private static partial void LogLeaseExpired(ILogger logger, string jobId, int chunk, string worker, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {State} {Error}")]
    private static partial void LogEnded(ILogger logger, string jobId, JobState state, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: could not delete {Path}: {Error}")]
    private static partial void LogDeleteFailed(ILogger logger, string jobId, string path, string error);
}
