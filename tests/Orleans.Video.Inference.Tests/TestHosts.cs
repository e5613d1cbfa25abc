using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orleans.Video.Inference.Tests;

/// <summary>Hosts wired the way a silo wires inference: configuration in, <c>AddVideoInference</c>, start.</summary>
internal static class TestHosts
{
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, CollectingLoggerProvider? logs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(logs ?? new CollectingLoggerProvider());
        builder.Services.AddVideoInference(builder.Configuration);
        return builder.Build();
    }
}
