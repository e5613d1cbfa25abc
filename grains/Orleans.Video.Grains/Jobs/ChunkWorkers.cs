using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Media.Jobs;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// This silo's share of the jobs: while it has a free slot (<see cref="JobsOptions.Slots"/>), it asks the running
/// jobs, oldest first, for a chunk and analyses it (<see cref="ChunkRun"/>). Pulling, not pushing: a silo takes only
/// what it has room for, a new silo starts taking chunks at once, and a dead one simply stops asking. When the silo
/// stops, its chunks are handed back to be done elsewhere.
/// </summary>
public sealed partial class ChunkWorkers(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    VideoDecoder decoder,
    IModelCatalog models,
    IOptions<JobsOptions> options,
    IOptions<MediaStorageOptions> storage,
    ILogger<ChunkWorkers> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly bool[] _busy = new bool[options.Value.Slots];
    private readonly List<Task> _runs = [];
    private Task? _loop;

    private string Worker => silo.SiloAddress.ToParsableString();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ChunkWorkers), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] runs;
        lock (_runs)
        {
            runs = [.. _runs];
        }
        // Each run hands its chunk back (grain calls still work at this stage) so another silo takes it at once.
        await Task.WhenAll(runs.Append(_loop ?? Task.CompletedTask)).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var registry = grains.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (FreeSlot() is not null)
                {
                    foreach (var jobId in await registry.ActiveAsync())
                    {
                        await TakeFromAsync(grains.GetGrain<IJobGrain>(jobId), stopping);
                        if (FreeSlot() is null)
                        {
                            break;
                        }
                    }
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                LogAskFailed(logger, e.Message);
            }
            try
            {
                // A finished chunk wakes the loop at once: the next one should not wait for the poll.
                await _wake.WaitAsync(options.Value.PollInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task TakeFromAsync(IJobGrain job, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && FreeSlot() is { } slot && await job.TakeChunkAsync(Worker) is { } chunk)
        {
            lock (_busy)
            {
                _busy[slot] = true;
            }
            var run = RunAsync(chunk, slot, job, stopping);
            lock (_runs)
            {
                _runs.Add(run);
            }
        }
    }

    private async Task RunAsync(JobChunk chunk, int slot, IJobGrain job, CancellationToken stopping)
    {
        try
        {
            await Task.Yield();
            var model = models.Get(chunk.Options.Model);
            var inference = grains.GetGrain<IJobInferenceGrain>($"{Worker}/{slot}");
            var run = new ChunkRun(chunk, job, inference, decoder, new PipelineModel(chunk.Options.Model, model.InputWidth, model.InputHeight), options.Value, Worker,
                storage.Value.Enabled ? JobFiles.Folder(storage.Value.Root, chunk.JobId) : null);
            var outcome = await run.RunAsync(stopping);
            LogChunk(logger, chunk.JobId, chunk.Index, outcome);
        }
        catch (Exception e) when (e is ArgumentException or OrleansException or TimeoutException)
        {
            // The model is not known on this silo, or the job could not be told: its lease runs out and another worker takes it.
            LogChunkError(logger, chunk.JobId, chunk.Index, e.Message);
            if (e is ArgumentException)
            {
                await job.FailChunkAsync(Worker, chunk.Index, chunk.Attempt, e.Message).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            lock (_busy)
            {
                _busy[slot] = false;
            }
            lock (_runs)
            {
                _runs.RemoveAll(task => task.IsCompleted);
            }
            _wake.Release();
        }
    }

    private int? FreeSlot()
    {
        lock (_busy)
        {
            var slot = Array.IndexOf(_busy, false);
            return slot < 0 ? null : slot;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId}: chunk {Chunk} {Outcome}")]
    private static partial void LogChunk(ILogger logger, string jobId, int chunk, ChunkRun.Outcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: chunk {Chunk} not analysed here: {Error}")]
    private static partial void LogChunkError(ILogger logger, string jobId, int chunk, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Asking the jobs for chunks failed: {Error}")]
    private static partial void LogAskFailed(ILogger logger, string error);
}
