using Npgsql;

namespace Orleans.Video.Storage;

/// <summary>
/// Applies the project's PostgreSQL schema: the <c>deploy/sql/*.sql</c> scripts, embedded in this
/// assembly, which create the tables and the <c>OrleansQuery</c> rows the ADO.NET providers run.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "sql/";

    // Any fixed number works; it only has to be the same for every silo of every version, so that
    // silos starting together take turns instead of racing on CREATE TABLE IF NOT EXISTS (which is
    // not safe against itself: the loser fails on the catalog's unique index).
    private const long AdvisoryLockKey = 0x4F_56_69_64_53_63_68; // "OVidSch"

    /// <summary>The embedded script names, in the order they are applied (e.g. <c>001-main.sql</c>).</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(PostgresSchema).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Runs every script in name order in one transaction, holding a transaction-scoped advisory lock.
    /// Safe to call from every silo on every start: the scripts are idempotent and newer query texts
    /// replace older ones.
    /// </summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (ScriptNames.Count == 0)
        {
            throw new InvalidOperationException("No SQL scripts are embedded in Orleans.Video.Storage (expected deploy/sql/*.sql).");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var name in ScriptNames)
        {
            await using var command = new NpgsqlCommand(ReadScript(name), connection, transaction);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"Applying {name} failed: {ex.MessageText}", ex);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Creates the connection string's database if it does not exist, connecting to the
    /// <c>postgres</c> maintenance database to do so. Several callers racing is fine.
    /// </summary>
    public static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql's own default when no database is named: the user's name.
        var database = target.Database ?? target.Username;
        if (string.IsNullOrEmpty(database))
        {
            throw new ArgumentException("The connection string names neither a Database nor a Username.", nameof(connectionString));
        }

        // Connecting to the target first covers the usual case without needing any right on the
        // maintenance database.
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead.
        await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another silo created it between our probe and our CREATE.
        }
    }

    /// <summary>The text of one embedded script, by its name in <see cref="ScriptNames"/>.</summary>
    public static string ReadScript(string name)
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new ArgumentException($"No embedded SQL script named '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
