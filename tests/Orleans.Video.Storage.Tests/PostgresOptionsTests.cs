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

    [Fact]
    public void A_password_kept_apart_goes_into_the_connection_string_replacing_any_there()
    {
        const string connection = "Host=db;Port=5432;Database=orleans_video;Username=orleans";
        Assert.Equal(connection + ";Password=s3cret", PostgresOptions.WithPassword(connection, "s3cret"));
        Assert.Equal(connection + ";Password=new", PostgresOptions.WithPassword(connection + ";Password=old", "new"));
        Assert.Equal(connection, PostgresOptions.WithPassword(connection, null));
    }
}
