using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Orleans.Video.Storage.Results;

/// <summary>
/// The connection pool the results tables are read and written through, and the service id that keeps one
/// deployment's rows apart from another's in a shared database.
/// </summary>
public sealed class ResultsDatabase(IOptions<PostgresOptions> postgres, IOptions<ClusterOptions> cluster) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _source = new(() => NpgsqlDataSource.Create(postgres.Value.ConnectionString!));

    public string ServiceId => cluster.Value.ServiceId;

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) => _source.Value.OpenConnectionAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_source.IsValueCreated)
        {
            await _source.Value.DisposeAsync();
        }
    }
}
