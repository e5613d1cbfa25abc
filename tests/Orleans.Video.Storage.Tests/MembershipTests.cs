using Orleans.Video.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;

namespace Orleans.Video.Storage.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MembershipTests(ClusterFixture fixture)
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_silos_are_active_in_the_membership_table()
    {
        var rows = await Eventually.ValueAsync(
            () => Sql.ListAsync(fixture.ConnectionString,
                "SELECT port, generation, status FROM orleans_membership WHERE deployment_id = @cluster AND status = @active ORDER BY port",
                r => (Port: r.GetInt32(0), Generation: r.GetInt32(1)),
                Sql.P("cluster", fixture.ClusterId), Sql.P("active", Active)),
            found => found.Count == 2,
            Deadline,
            "both silos Active in orleans_membership");

        var silos = fixture.Cluster.GetActiveSilos()
            .Select(s => (Port: s.SiloAddress.Endpoint.Port, Generation: s.SiloAddress.Generation))
            .OrderBy(s => s.Port);
        Assert.Equal(silos, rows);
        Assert.True(await Sql.ScalarAsync<int>(fixture.ConnectionString,
            "SELECT version FROM orleans_membership_version WHERE deployment_id = @cluster", Sql.P("cluster", fixture.ClusterId)) >= 4,
            "each silo's insert and its move to Active bump the table version");
    }

    [Fact]
    public async Task Client_finds_both_gateways_through_the_table()
    {
        var gateways = fixture.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>();

        var found = await Eventually.ValueAsync(() => gateways.GetGatewaysAsync(), list => list.Count == 2, Deadline, "two gateways");

        var expected = fixture.Cluster.GetActiveSilos().Select(s => s.GatewayAddress.Endpoint.Port).Order();
        Assert.Equal(expected, found.Select(uri => uri.Port).Order());
    }

    [Fact]
    public async Task Dead_silo_entries_are_cleaned_up_and_live_ones_kept()
    {
        // A silo that died two hours ago, in this cluster's table.
        var longAgo = DateTime.UtcNow.AddHours(-2);
        await Sql.ExecuteAsync(fixture.ConnectionString,
            """
            INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, start_time, iamalive_time)
            VALUES (@cluster, '127.0.0.2', 1, 1, 'ghost', 'ghost-host', @dead, @t, @t)
            """,
            Sql.P("cluster", fixture.ClusterId), Sql.P("dead", Dead), Sql.P("t", longAgo));
        var table = fixture.SiloServices.GetRequiredService<IMembershipTable>();

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        var remaining = await Sql.ListAsync(fixture.ConnectionString,
            "SELECT silo_name FROM orleans_membership WHERE deployment_id = @cluster AND status = @active OR silo_name = 'ghost'",
            r => r.GetString(0), Sql.P("cluster", fixture.ClusterId), Sql.P("active", Active));
        Assert.DoesNotContain("ghost", remaining);
        Assert.Equal(2, remaining.Count);
    }
}
