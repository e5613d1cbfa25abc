using System.Threading.Channels;

namespace Orleans.Video.Inference;

/// <summary>
/// The bounded queue in front of a model's loop: a model that cannot keep up pushes back on its callers instead of
/// queueing without limit. Requests are checked against the model's input before they queue.
/// </summary>
internal sealed class RequestQueue
{
    private readonly string _model;
    private readonly int _inputWidth;
    private readonly int _inputHeight;
    private readonly Channel<InferenceRequest> _channel;

    /// <param name="readers">Loops that read the queue: one a session of the model.</param>
    public RequestQueue(string model, int inputWidth, int inputHeight, int capacity, int readers = 1)
    {
        _model = model;
        _inputWidth = inputWidth;
        _inputHeight = inputHeight;
        _channel = Channel.CreateBounded<InferenceRequest>(new BoundedChannelOptions(capacity)
        {
            SingleReader = readers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<InferenceRequest> Reader => _channel.Reader;

    public int Count => _channel.Reader.CanCount ? _channel.Reader.Count : 0;

    /// <summary>Queues a frame and returns the task its detections complete.</summary>
    /// <exception cref="ArgumentException">The packet does not fit the model's input.</exception>
    /// <exception cref="ObjectDisposedException">The model is stopped.</exception>
    public async Task<IReadOnlyList<Detection>> EnqueueAsync(FramePacket frame, CancellationToken cancellationToken)
    {
        if (FrameTensor.Check(_inputWidth, _inputHeight, frame.Planes?.Length ?? 0, frame.Letterbox) is { } problem)
        {
            throw new ArgumentException($"Frame {frame.Sequence} of camera '{frame.CameraId}' for model '{_model}': {problem}", nameof(frame));
        }
        var request = new InferenceRequest(frame, cancellationToken);
        try
        {
            await _channel.Writer.WriteAsync(request, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            request.Abandon();
            throw new ObjectDisposedException(nameof(InferenceEngine), $"Model '{_model}' is stopped");
        }
        catch
        {
            request.Abandon();
            throw;
        }
        return await request.Completion.Task;
    }

    /// <summary>Takes no more requests; those queued are still read.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
