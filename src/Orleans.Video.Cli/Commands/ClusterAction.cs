using System.CommandLine;
using Orleans.Runtime;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// The part every command shares: connect to the cluster (with a spinner on a terminal), run the command's
/// body, and turn failures into one line on stderr and an exit code instead of a stack trace.
/// </summary>
internal static partial class ClusterAction
{
    public static void SetClusterAction(
        this Command command, ConnectionOptions connection, Option<bool>? json, Func<ClusterCommandContext, CancellationToken, Task<int>> body) =>
        command.SetClusterAction(connection, json, _ => true, (context, _, cancellationToken) => body(context, cancellationToken));

    /// <summary>
    /// As above, with <paramref name="prepare"/> run before connecting: input that can be checked here (a file to
    /// read, a configuration to validate) fails at once, with an <see cref="ArgumentException"/> and exit code 1,
    /// without waiting for a cluster that may not even be running.
    /// </summary>
    public static void SetClusterAction<T>(
        this Command command, ConnectionOptions connection, Option<bool>? json,
        Func<ParseResult, T> prepare, Func<ClusterCommandContext, T, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = Terminal.Create(json is not null && parse.GetValue(json));
            try
            {
                var prepared = prepare(parse);
                var settings = connection.Resolve(parse);
                // What the audit log calls this command's changes (carried with every grain call it makes).
                AuditActor.Set($"cli:{Environment.UserName}@{Environment.MachineName}");
                await using var cluster = await terminal.WithSpinnerAsync(
                    $"Connecting to cluster {settings.ClusterId}…", () => ClusterConnection.OpenAsync(settings, cancellationToken));
                return await body(new ClusterCommandContext(parse, cluster.Video, terminal), prepared, cancellationToken);
            }
            catch (ClusterUnreachableException e)
            {
                Terminal.Error(e.Message);
                return ExitCodes.ClusterUnavailable;
            }
            catch (ArgumentException e)
            {
                Terminal.Error(RuleOf(e));
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Terminal.Error("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                Terminal.Error($"the cluster failed the request: {TextFormat.OneLine(e.Message)}");
                return ExitCodes.ClusterUnavailable;
            }
            catch (Exception e)
            {
                Terminal.Error($"{e.GetType().Name}: {TextFormat.OneLine(e.Message)}");
                return ExitCodes.Failed;
            }
        });
    }

    private static string RuleOf(ArgumentException e) => ArgumentErrors.Reason(e);
}
