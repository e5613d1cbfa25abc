using Microsoft.Extensions.Hosting;

namespace Orleans.Video.Cli.Connection;

/// <summary>
/// A host lifetime that ignores Ctrl-C and SIGTERM. The CLI's commands stop through System.CommandLine's
/// cancellation token; the default console lifetime would also react to the signal and stop the Orleans
/// client underneath a command that is still unsubscribing.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
