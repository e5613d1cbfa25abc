using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>watch [&lt;camera&gt;...] [--duration &lt;seconds&gt;] [--json]</c>: live detections from the SDK's subscription,
/// until Ctrl-C or the duration ends.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var cameras = new Argument<string[]>("camera")
        {
            Description = "Cameras to watch (default: every registered camera)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var duration = CommonOptions.Duration();
        var json = CommonOptions.Json();

        var command = new Command("watch", "Show live detections as the cluster makes them") { cameras, duration, json };
        command.SetClusterAction(connection, json, async (context, cancellationToken) =>
        {
            var registered = (await context.Video.ListCamerasAsync()).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var asked = context.Parse.GetValue(cameras) ?? [];
            if (asked.FirstOrDefault(id => !registered.Contains(id)) is { } unknown)
            {
                Terminal.Error($"no camera '{unknown}'");
                return ExitCodes.NotFound;
            }
            var watched = asked.Length > 0 ? asked.Distinct(StringComparer.Ordinal).ToList() : registered.Order(StringComparer.Ordinal).ToList();
            if (watched.Count == 0)
            {
                Terminal.Error("no cameras are registered: add one with 'camera add'");
                return ExitCodes.NotFound;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var seconds = context.Parse.GetValue(duration);
            if (seconds is { } s)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(s));
            }
            IFrameView view = context.Terminal.Interactive
                ? new LiveFrameTable(watched, seconds is { } d ? DateTimeOffset.UtcNow.AddSeconds(d) : null)
                : new FrameLines(context.Terminal);

            var subscriptions = new List<IAsyncDisposable>();
            try
            {
                foreach (var id in watched)
                {
                    subscriptions.Add(await context.Video.SubscribeAsync(id, frame =>
                    {
                        view.Add(frame);
                        return Task.CompletedTask;
                    }));
                }
                await view.RunAsync(stop.Token);
            }
            finally
            {
                await UnsubscribeAsync(subscriptions);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task UnsubscribeAsync(List<IAsyncDisposable> subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            try
            {
                await subscription.DisposeAsync();
            }
            catch (Exception)
            {
                // The client leaves the cluster next, which ends the subscription anyway.
            }
        }
    }
}
