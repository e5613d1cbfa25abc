namespace Orleans.Video.Cli.Output;

/// <summary>Where <c>watch</c> shows live frames.</summary>
internal interface IFrameView
{
    /// <summary>Called from the subscriptions' threads, possibly for several cameras at once.</summary>
    void Add(FrameDetections frame);

    /// <summary>Shows frames until <paramref name="stop"/> is cancelled, then returns normally.</summary>
    Task RunAsync(CancellationToken stop);
}
