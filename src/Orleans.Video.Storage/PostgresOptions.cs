namespace Orleans.Video.Storage;

/// <summary>
/// Where the silos keep membership, grain state and reminders. Bound from the <c>Postgres</c> section.
/// </summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>
    /// Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=55432;Database=orleans_video;Username=postgres</c>
    /// (what <c>deploy/postgres.sh url</c> prints).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Create the database if missing and apply the embedded <c>deploy/sql</c> scripts when the silo
    /// starts. Turn off where a DBA owns the schema and the silo's user may not change it.
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// The password, kept apart from <see cref="ConnectionString"/> (e.g. from the secret PostgreSQL itself reads), so
    /// a deployment holds it in one place; it replaces any password in the connection string.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The connection string with <paramref name="password"/> in it; unchanged when there is none.</summary>
    public static string WithPassword(string connectionString, string? password) =>
        string.IsNullOrEmpty(password)
            ? connectionString
            : new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;
}
