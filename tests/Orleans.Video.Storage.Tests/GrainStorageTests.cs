using Orleans.Video.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Video.Storage.Tests.TestGrains;

namespace Orleans.Video.Storage.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainStorageTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task State_survives_deactivation(bool keyParsesAsGuid)
    {
        // The provider keys rows by GUID halves when a string key parses as a GUID, else by the string.
        var key = keyParsesAsGuid ? Guid.NewGuid().ToString() : NewKey();
        var grain = fixture.Client.GetGrain<ICounterGrain>(key);
        await grain.AddAsync(5);
        var before = await grain.GetAsync();

        await grain.DeactivateAsync();
        var after = await Eventually.ValueAsync(grain.GetAsync, s => s.ActivationId != before.ActivationId, Deadline, "a new activation");

        Assert.Equal(5, after.Value);
        Assert.Equal(before.ETag, after.ETag);
        Assert.True(after.RecordExists);
    }

    [Fact]
    public async Task State_written_through_one_silo_is_read_by_every_silo()
    {
        var grain = fixture.Client.GetGrain<ICounterGrain>(NewKey());
        await grain.AddAsync(3);
        await grain.AddAsync(4);

        foreach (var silo in fixture.Silos)
        {
            var state = new GrainState<CounterState>();
            await VideoStorage(silo.ServiceProvider).ReadStateAsync(CounterGrain.StateName, grain.GetGrainId(), state);
            Assert.Equal(7, state.State!.Value);
            Assert.Equal("2", state.ETag);
        }

        var stored = await Sql.ScalarAsync<int>(fixture.ConnectionString,
            "SELECT version FROM orleans_storage WHERE service_id = @service AND grain_type = @type AND grain_id_extension = @key AND payload IS NOT NULL",
            Sql.P("service", fixture.ServiceId), Sql.P("type", CounterGrain.StateName), Sql.P("key", grain.GetPrimaryKeyString()));
        Assert.Equal(2, stored);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_fails_with_inconsistent_state()
    {
        var storage = VideoStorage(fixture.SiloServices);
        var grainId = GrainId.Create("counter", NewKey());
        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, first);
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, second);

        // Both start without a row: the first write creates it, the second must not overwrite it.
        first.State = new CounterState { Value = 1 };
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, first);
        second.State = new CounterState { Value = 2 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, second));

        // Both hold version 1: again only the first write may succeed.
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, second);
        first.State = new CounterState { Value = 3 };
        await storage.WriteStateAsync(CounterGrain.StateName, grainId, first);
        second.State = new CounterState { Value = 4 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(CounterGrain.StateName, grainId, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(CounterGrain.StateName, grainId, second));

        var stored = new GrainState<CounterState>();
        await storage.ReadStateAsync(CounterGrain.StateName, grainId, stored);
        Assert.Equal(3, stored.State!.Value);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Cleared_state_reads_back_as_default_and_stays_versioned()
    {
        var grain = fixture.Client.GetGrain<ICounterGrain>(NewKey());
        await grain.AddAsync(9);

        await grain.ClearAsync();
        var cleared = await grain.GetAsync();
        Assert.Equal(0, cleared.Value);
        Assert.False(cleared.RecordExists);

        await grain.DeactivateAsync();
        var reread = await Eventually.ValueAsync(grain.GetAsync, s => s.ActivationId != cleared.ActivationId, Deadline, "a new activation");
        Assert.Equal(0, reread.Value);
        Assert.False(reread.RecordExists);
        Assert.Equal(cleared.ETag, reread.ETag);

        // The cleared row keeps its version, so writing on from the cleared state works.
        Assert.Equal(1, await grain.AddAsync(1));
    }

    [Fact]
    public async Task PubSubStore_is_a_postgres_grain_storage_too()
    {
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(PostgresSiloBuilderExtensions.PubSubStorageName);
        var grainId = GrainId.Create("pubsub-probe", NewKey());
        var state = new GrainState<CounterState>(new CounterState { Value = 11 });

        await storage.WriteStateAsync("pubsub-probe", grainId, state);

        // Read back from the table, not through the provider that wrote it: the row is in PostgreSQL.
        var stored = await Sql.ScalarAsync<int>(fixture.ConnectionString,
            "SELECT version FROM orleans_storage WHERE service_id = @service AND grain_type = @type AND grain_id_extension = @key AND payload IS NOT NULL",
            Sql.P("service", fixture.ServiceId), Sql.P("type", "pubsub-probe"), Sql.P("key", grainId.Key.ToString()));
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task State_stored_under_a_grain_type_alias_is_what_the_grain_class_carrying_it_reads()
    {
        // Written as Orleans keys it for the alias "counter" (the grain id's type), never naming the class: a class
        // renamed with its [GrainType] kept reads the same rows, so stored state and reminders are not orphaned.
        var key = NewKey();
        var written = new GrainState<CounterState>(new CounterState { Value = 42, Label = "written under the alias" });
        await VideoStorage(fixture.SiloServices).WriteStateAsync(CounterGrain.StateName, GrainId.Create("counter", key), written);

        var read = await fixture.Client.GetGrain<ICounterGrain>(key).GetAsync();

        Assert.Equal(42, read.Value);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
    }

    private static IGrainStorage VideoStorage(IServiceProvider silo) =>
        silo.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Video);

    // Not a bare GUID: the provider stores a string key that parses as a GUID in the GUID columns.
    private static string NewKey() => "counter-" + Guid.NewGuid().ToString("N");
}
