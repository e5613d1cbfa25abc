using System.Data;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Storage.Tests;

/// <summary>The query texts' contracts on paths a healthy two-silo cluster does not take by itself.</summary>
[Collection(PostgresCollection.Name)]
public sealed class QueryTextTests(PostgresServer postgres)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Membership_insert_with_a_stale_version_changes_nothing()
    {
        var (db, query) = await NewDatabaseAsync();
        Assert.True(await InsertVersionRowAsync(query, "c1"));
        Assert.False(await InsertVersionRowAsync(query, "c1"));

        Assert.True(await InsertSiloAsync(query, "c1", port: 1, version: 0));
        Assert.False(await InsertSiloAsync(query, "c1", port: 2, version: 0)); // stale: the table is at 1 now
        Assert.False(await InsertSiloAsync(query, "c1", port: 1, version: 1)); // already there: no bump either

        Assert.Equal(1, await VersionAsync(db, "c1"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM orleans_membership"));
    }

    [Fact]
    public async Task Membership_update_needs_the_current_version_and_an_existing_row()
    {
        var (db, query) = await NewDatabaseAsync();
        await InsertVersionRowAsync(query, "c1");
        await InsertSiloAsync(query, "c1", port: 1, version: 0);

        Assert.False(await UpdateSiloAsync(query, "c1", port: 1, version: 0, Active));
        Assert.False(await UpdateSiloAsync(query, "c1", port: 9, version: 1, Active));
        Assert.True(await UpdateSiloAsync(query, "c1", port: 1, version: 1, Active));

        Assert.Equal(2, await VersionAsync(db, "c1"));
        Assert.Equal(Active, await Sql.ScalarAsync<int>(db, "SELECT status FROM orleans_membership WHERE port = 1"));
    }

    [Fact]
    public async Task Bulk_cleanup_removes_only_stale_silos_that_are_not_active()
    {
        var (db, query) = await NewDatabaseAsync();
        await InsertVersionRowAsync(query, "c1");
        var old = DateTime.UtcNow.AddHours(-2);
        await InsertRowAsync(db, "c1", port: 1, Dead, old);
        await InsertRowAsync(db, "c1", port: 2, Active, old);
        await InsertRowAsync(db, "c1", port: 3, Dead, DateTime.UtcNow);

        await query.ScalarAsync("CleanupDefunctSiloEntriesKey",
            ("DeploymentId", "c1", DbType.String),
            ("IAmAliveTime", DateTime.UtcNow.AddHours(-1), DbType.DateTime));

        var ports = await Sql.ListAsync(db, "SELECT port FROM orleans_membership ORDER BY port", r => r.GetInt32(0));
        Assert.Equal([2, 3], ports);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_silos_and_leaves_other_clusters()
    {
        var (db, query) = await NewDatabaseAsync();
        await InsertVersionRowAsync(query, "gone");
        await InsertVersionRowAsync(query, "kept");
        await InsertSiloAsync(query, "gone", port: 1, version: 0);
        await InsertSiloAsync(query, "kept", port: 1, version: 0);

        await query.ScalarAsync("DeleteMembershipTableEntriesKey", ("DeploymentId", "gone", DbType.String));

        var clusters = await Sql.ListAsync(db,
            "SELECT v.deployment_id || ':' || count(m.port) FROM orleans_membership_version v LEFT JOIN orleans_membership m USING (deployment_id) GROUP BY v.deployment_id",
            r => r.GetString(0));
        Assert.Equal(["kept:1"], clusters);
    }

    [Fact]
    public async Task Delete_state_removes_the_row_only_at_the_expected_version()
    {
        var (db, query) = await NewDatabaseAsync();
        var version = await WriteStateAsync(query, expectedVersion: null);
        Assert.Equal(1, version);

        Assert.Null(await DeleteStateAsync(query, expectedVersion: 5));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM orleans_storage"));

        Assert.NotNull(await DeleteStateAsync(query, expectedVersion: 1));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM orleans_storage"));
    }

    [Fact]
    public async Task Write_state_without_a_version_fails_once_the_row_exists()
    {
        var (_, query) = await NewDatabaseAsync();

        Assert.Equal(1, await WriteStateAsync(query, expectedVersion: null));
        Assert.Null(await WriteStateAsync(query, expectedVersion: null));
        Assert.Equal(2, await WriteStateAsync(query, expectedVersion: 1));
        Assert.Null(await WriteStateAsync(query, expectedVersion: 1));
    }

    private async Task<(string ConnectionString, ProviderQuery Query)> NewDatabaseAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        return (connectionString, new ProviderQuery(connectionString));
    }

    private static async Task<bool> InsertVersionRowAsync(ProviderQuery query, string cluster) =>
        (bool)(await query.ScalarAsync("InsertMembershipVersionKey", ("DeploymentId", cluster, DbType.String)))!;

    private static async Task<bool> InsertSiloAsync(ProviderQuery query, string cluster, int port, int version) =>
        (bool)(await query.ScalarAsync("InsertMembershipKey",
            ("DeploymentId", cluster, DbType.String),
            ("Address", "127.0.0.1", DbType.AnsiString),
            ("Port", port, DbType.Int32),
            ("Generation", 1, DbType.Int32),
            ("SiloName", "silo", DbType.String),
            ("HostName", "host", DbType.String),
            ("Status", 2, DbType.Int32),
            ("ProxyPort", 0, DbType.Int32),
            ("StartTime", DateTime.UtcNow, DbType.DateTime),
            ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime),
            ("Version", version, DbType.Int32)))!;

    private static async Task<bool> UpdateSiloAsync(ProviderQuery query, string cluster, int port, int version, int status) =>
        (bool)(await query.ScalarAsync("UpdateMembershipKey",
            ("DeploymentId", cluster, DbType.String),
            ("Address", "127.0.0.1", DbType.AnsiString),
            ("Port", port, DbType.Int32),
            ("Generation", 1, DbType.Int32),
            ("Status", status, DbType.Int32),
            ("SuspectTimes", null, DbType.String),
            ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime),
            ("Version", version, DbType.Int32)))!;

    private static Task<int> VersionAsync(string db, string cluster) =>
        Sql.ScalarAsync<int>(db, "SELECT version FROM orleans_membership_version WHERE deployment_id = @id", Sql.P("id", cluster));

    private static Task InsertRowAsync(string db, string cluster, int port, int status, DateTime times) =>
        Sql.ExecuteAsync(db,
            """
            INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, start_time, iamalive_time)
            VALUES (@cluster, '127.0.0.1', @port, 1, 'silo', 'host', @status, @times, @times)
            """,
            Sql.P("cluster", cluster), Sql.P("port", port), Sql.P("status", status), Sql.P("times", times));

    private static async Task<int?> WriteStateAsync(ProviderQuery query, int? expectedVersion) =>
        (int?)await query.ScalarAsync("WriteToStorageKey", [.. StateKey(), ("GrainStateVersion", expectedVersion, DbType.Int32), ("PayloadBinary", new byte[] { 1, 2, 3 }, DbType.Binary)]);

    private static Task<object?> DeleteStateAsync(ProviderQuery query, int? expectedVersion) =>
        query.ScalarAsync("DeleteStorageKey", [.. StateKey(), ("GrainStateVersion", expectedVersion, DbType.Int32)]);

    private static (string, object?, DbType)[] StateKey() =>
    [
        ("GrainIdHash", 42, DbType.Int32),
        ("GrainIdN0", 0L, DbType.Int64),
        ("GrainIdN1", 7L, DbType.Int64),
        ("GrainTypeHash", 43, DbType.Int32),
        ("GrainTypeString", "counter", DbType.String),
        ("GrainIdExtensionString", null, DbType.String),
        ("ServiceId", "service", DbType.String),
    ];
}
