using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Video.Storage.Jobs;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The "results" grain storage: cameras' detection and event logs written by appending rows to tables of their own
/// (deploy/sql/006-results.sql) instead of rewriting one state row each, so PostgreSQL writes what a camera saw since
/// the last write and no more, and queries across cameras read indexes instead of asking every camera.
/// It holds the two state types in this folder and refuses any other.
/// </summary>
public sealed class ResultsGrainStorage(DetectionStore detections, EventStore events, JobStore jobs) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        switch (grainState.State)
        {
            case DetectionLogState:
                break;
            case EventLogState state:
                state.Open = await events.OpenAsync(CameraOf(grainId));
                state.Changes = [];
                grainState.RecordExists = state.Open.Count > 0;
                break;
            case JobResultsState:
                break;
            default:
                throw Unsupported<T>();
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        switch (grainState.State)
        {
            case DetectionLogState state:
                await detections.AppendAsync(CameraOf(grainId), state.Pending.Select(frame => new StoredFrame(frame.Sequence, frame.Timestamp, [.. frame.Detections])));
                state.Pending.Clear();
                break;
            case EventLogState state:
                state.Changes = await events.UpsertAsync(CameraOf(grainId), state.Changes);
                break;
            case JobResultsState state:
                // Chunks first: a job's events are tracked from stored chunks, never the other way round.
                await jobs.AppendChunksAsync(CameraOf(grainId), state.Chunks);
                state.Chunks.Clear();
                await jobs.UpsertEventsAsync(CameraOf(grainId), state.Events);
                state.Events.Clear();
                break;
            default:
                throw Unsupported<T>();
        }
        grainState.RecordExists = true;
    }

    /// <summary>
    /// A camera's results go by retention (whole days of detections, events by age and count), never by clearing a log;
    /// a job's go with the job.
    /// </summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is not JobResultsState state)
        {
            throw new NotSupportedException("results are removed by retention, not by clearing a camera's log");
        }
        await jobs.DeleteAsync(CameraOf(grainId));
        state.Chunks.Clear();
        state.Events.Clear();
        grainState.RecordExists = false;
    }

    private static string CameraOf(GrainId grainId) => grainId.Key.ToString()!;

    private static NotSupportedException Unsupported<T>() =>
        new($"the results storage holds {nameof(DetectionLogState)}, {nameof(EventLogState)} and {nameof(JobResultsState)}, not {typeof(T).Name}");
}
