using Orleans.Concurrency;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Results;

/// <summary>Queries across cameras, run on whichever silo takes the call: each is one indexed SQL statement.</summary>
[StatelessWorker]
[GrainType("resultsindex")]
public sealed class ResultsIndexGrain(DetectionStore detections, EventStore events) : Grain, IResultsIndexGrain
{
    public Task<DetectionPage> QueryDetectionsAsync(IReadOnlyList<string>? cameraIds, DetectionQuery query) =>
        detections.QueryAsync(cameraIds, query);

    public Task<EventPage> QueryEventsAsync(IReadOnlyList<string>? cameraIds, EventQuery query) =>
        events.QueryAsync(cameraIds, query);
}
