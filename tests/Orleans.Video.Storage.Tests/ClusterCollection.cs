using Orleans.Video.TestSupport;

namespace Orleans.Video.Storage.Tests;

/// <summary>One cluster shared by the tests that need silos.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "postgres cluster";
}

/// <summary>One bare PostgreSQL server for the schema and query tests, each on its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres server";
}
