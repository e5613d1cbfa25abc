using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The "results" grain storage: cameras' detection and event logs written by appending rows to tables of their own
/// (deploy/sql/006-results.sql) instead of rewriting one state row each, so PostgreSQL writes what a camera saw since
/// the last write and no more, and queries across cameras read indexes instead of asking every camera.
/// It holds the two state types in this folder and refuses any other.
/// </summary>
public sealed class ResultsGrainStorage(DetectionStore detections, EventStore events) : IGrainStorage
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
            default:
                throw Unsupported<T>();
        }
        grainState.RecordExists = true;
    }

    /// <summary>Results go by retention (whole days of detections, events by age and count), never by clearing a log.</summary>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new NotSupportedException("results are removed by retention, not by clearing a camera's log");

    private static string CameraOf(GrainId grainId) => grainId.Key.ToString()!;

    private static NotSupportedException Unsupported<T>() =>
        new($"the results storage holds {nameof(DetectionLogState)} and {nameof(EventLogState)}, not {typeof(T).Name}");
}
