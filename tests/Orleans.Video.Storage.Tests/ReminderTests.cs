using Orleans.Video.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Video.Storage.Tests.TestGrains;

namespace Orleans.Video.Storage.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ReminderTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Reminder_is_stored_in_the_table_fires_and_is_removed()
    {
        var grain = fixture.Client.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N"));
        var grainId = grain.GetGrainId().ToString();

        await grain.StartAsync(TimeSpan.FromSeconds(1));

        var period = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT period_ms FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name",
            Sql.P("service", fixture.ServiceId), Sql.P("grain", grainId), Sql.P("name", ReminderProbeGrain.ReminderName));
        Assert.Equal(1000, period);

        await Eventually.ValueAsync(grain.GetTicksAsync, ticks => ticks >= 2, Deadline, "two reminder ticks");

        await grain.StopAsync();
        var left = await Sql.ScalarAsync<long>(fixture.ConnectionString,
            "SELECT count(*) FROM orleans_reminders WHERE service_id = @service AND grain_id = @grain",
            Sql.P("service", fixture.ServiceId), Sql.P("grain", grainId));
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task Range_reads_honour_the_exclusive_start_and_the_wrap_around()
    {
        var grain = fixture.Client.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N"));
        var grainId = grain.GetGrainId();
        // A long period: this test looks at the row, not the ticks.
        await grain.StartAsync(TimeSpan.FromMinutes(10));
        try
        {
            var table = fixture.SiloServices.GetRequiredService<IReminderTable>();
            var hash = grainId.GetUniformHashCode();

            // (hash - 1, hash]: non-wrapping in signed order, the hash at the inclusive end.
            Assert.Contains(grainId, await GrainsInRangeAsync(table, hash - 1, hash));
            // (hash, hash - 1]: wraps around and leaves out exactly the hash.
            Assert.DoesNotContain(grainId, await GrainsInRangeAsync(table, hash, hash - 1));
            // (hash, hash]: the whole ring.
            Assert.Contains(grainId, await GrainsInRangeAsync(table, hash, hash));
        }
        finally
        {
            await grain.StopAsync();
        }
    }

    private static async Task<List<GrainId>> GrainsInRangeAsync(IReminderTable table, uint begin, uint end) =>
        (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).ToList();
}
