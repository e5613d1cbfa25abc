using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>events watch &lt;camera&gt; [--duration S] [--json]</c>: one line per event update (start, better snapshot, end)
/// from the SDK's live events subscription, until Ctrl-C, SIGTERM or the duration ends.
/// </summary>
internal static class EventsWatchCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var camera = CommonOptions.CameraId();
        var duration = CommonOptions.Duration();
        var json = CommonOptions.Json();

        var command = new Command("watch", "Show a camera's events live as they start, improve and end") { camera, duration, json };
        command.SetClusterAction(connection, json, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetRequiredValue(camera);
            if (!await context.Video.CameraExistsAsync(id))
            {
                Terminal.Error($"no camera '{id}'");
                return ExitCodes.NotFound;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (context.Parse.GetValue(duration) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            var printer = new UpdatePrinter(context.Terminal);
            var subscription = await context.Video.SubscribeEventsAsync(id, e =>
            {
                printer.Print(e);
                return Task.CompletedTask;
            });
            try
            {
                if (context.Terminal.Interactive)
                {
                    context.Terminal.MarkupLine($"[grey]Watching the events of {Markup.Escape(id)}; Ctrl-C to stop.[/]");
                }
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C, SIGTERM or --duration: the normal end of a watch.
            }
            finally
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
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Prints updates one at a time (the stream may deliver on several threads) and names each change: "start" for
    /// an event this watch has not seen before, "end" once it ended, "update" in between (a better snapshot).
    /// </summary>
    private sealed class UpdatePrinter(Terminal terminal)
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public void Print(VideoEvent e)
        {
            lock (_lock)
            {
                var isNew = _seen.Add(e.Id);
                var change = e.End is not null ? "end" : isNew ? "start" : "update";
                if (terminal.Json)
                {
                    terminal.WriteJson(EventJson.From(e), indented: false);
                }
                else if (terminal.Interactive)
                {
                    terminal.MarkupLine(EventWidgets.UpdateMarkup(change, e));
                }
                else
                {
                    terminal.Line($"{change,-6} {TextFormat.EventLine(e)}");
                }
            }
        }
    }
}
