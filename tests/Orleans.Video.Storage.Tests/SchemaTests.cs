using Orleans.Video.TestSupport;

namespace Orleans.Video.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresServer postgres)
{
    // Every key the three ADO.NET providers of Orleans 10.4.2 look up (found in their assemblies);
    // a missing required one fails the provider at silo start.
    public static readonly string[] ProviderQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public void Scripts_are_embedded_in_order_with_the_main_script_first()
    {
        Assert.Equal(["001-main.sql", "002-clustering.sql", "003-persistence.sql", "004-reminders.sql", "005-data-protection.sql", "006-results.sql", "007-jobs.sql",
            "008-notifications.sql", "009-audit.sql", "010-track-numbers.sql"], PostgresSchema.ScriptNames);
    }

    [Fact]
    public async Task Schema_applies_twice_and_holds_every_provider_query()
    {
        var connectionString = await postgres.CreateDatabaseAsync(applySchema: false);

        await PostgresSchema.ApplyAsync(connectionString);
        await PostgresSchema.ApplyAsync(connectionString);

        var keys = await QueryKeysAsync(connectionString);
        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Schema_applies_concurrently_from_three_silos()
    {
        var connectionString = await postgres.CreateDatabaseAsync(applySchema: false);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(connectionString))));

        Assert.Equal(ProviderQueryKeys.Length, (await QueryKeysAsync(connectionString)).Count);
    }

    [Fact]
    public async Task Reapplying_replaces_an_older_query_text()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var original = await QueryTextAsync(connectionString, "WriteToStorageKey");
        await Sql.ExecuteAsync(connectionString, "UPDATE OrleansQuery SET QueryText = 'stale' WHERE QueryKey = 'WriteToStorageKey'");

        await PostgresSchema.ApplyAsync(connectionString);

        Assert.Equal(original, await QueryTextAsync(connectionString, "WriteToStorageKey"));
    }

    [Fact]
    public async Task Reapplying_keeps_existing_rows()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString,
            "INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, payload, version) VALUES ('s', 't', 0, 1, '\\x01', 7)");

        await PostgresSchema.ApplyAsync(connectionString);

        Assert.Equal(7, await Sql.ScalarAsync<int>(connectionString, "SELECT version FROM orleans_storage WHERE service_id = 's'"));
    }

    [Fact]
    public async Task Missing_database_is_created_once_even_when_callers_race()
    {
        var name = "created_" + Guid.NewGuid().ToString("N");
        var connectionString = postgres.ConnectionStringFor(name);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresSchema.CreateDatabaseIfMissingAsync(connectionString))));
        await PostgresSchema.CreateDatabaseIfMissingAsync(connectionString);

        var count = await Sql.ScalarAsync<long>(postgres.ConnectionString,
            "SELECT count(*) FROM pg_database WHERE datname = @name", Sql.P("name", name));
        Assert.Equal(1, count);
    }

    private static Task<List<string>> QueryKeysAsync(string connectionString) =>
        Sql.ListAsync(connectionString, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", r => r.GetString(0));

    private static Task<string> QueryTextAsync(string connectionString, string key) =>
        Sql.ScalarAsync<string>(connectionString, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", Sql.P("key", key));
}
