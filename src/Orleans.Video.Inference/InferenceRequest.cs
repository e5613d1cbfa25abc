using System.Diagnostics;

namespace Orleans.Video.Inference;

/// <summary>One frame waiting in a model's <see cref="RequestQueue"/>, and the task its caller awaits.</summary>
internal sealed class InferenceRequest
{
    private readonly CancellationTokenRegistration _cancellation;

    public InferenceRequest(FramePacket frame, CancellationToken cancellationToken)
    {
        Frame = frame;
        EnqueuedAt = Stopwatch.GetTimestamp();
        // A caller that gives up is answered at once; the model loops skip requests already completed.
        _cancellation = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static (state, token) => ((InferenceRequest)state!).Completion.TrySetCanceled(token), this)
            : default;
    }

    public FramePacket Frame { get; }

    public long EnqueuedAt { get; }

    public TaskCompletionSource<IReadOnlyList<Detection>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsPending => !Completion.Task.IsCompleted;

    public void Complete(IReadOnlyList<Detection> detections)
    {
        Completion.TrySetResult(detections);
        _cancellation.Dispose();
    }

    /// <summary>The request never reached the queue: release the cancellation callback.</summary>
    public void Abandon() => _cancellation.Dispose();

    public void Fail(Exception exception)
    {
        Completion.TrySetException(exception);
        _cancellation.Dispose();
    }
}
