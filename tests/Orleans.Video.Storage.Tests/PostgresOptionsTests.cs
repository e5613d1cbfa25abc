using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Orleans.Video.Storage.Tests;

public sealed class PostgresOptionsTests
{
    [Fact]
    public async Task Silo_without_a_connection_string_fails_at_start_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLocalhostClustering().UseVideoPostgres());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Postgres:ConnectionString", error.Message);
    }

    [Fact]
    public void Explicit_connection_string_must_not_be_blank()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        Assert.Throws<ArgumentException>(() => builder.UseOrleans(silo => silo.UseVideoPostgres(" ")));
    }
}
