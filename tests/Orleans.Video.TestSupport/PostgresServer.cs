using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Video.Storage;

namespace Orleans.Video.TestSupport;

/// <summary>
/// A private, throw-away PostgreSQL server for a test class or collection: a fresh data directory in
/// the temp folder, a free port on 127.0.0.1, database <see cref="DefaultDatabase"/> with the
/// project's schema applied. Stopped and deleted on dispose.
/// </summary>
/// <remarks>
/// Tuned for speed, not durability (initdb --no-sync, fsync off). When the tests run as root, initdb
/// and the server run as the <c>postgres</c> system user, like <c>deploy/postgres.sh</c>.
/// Authentication is trust on loopback only, so connection strings carry no password.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string DefaultDatabase = "orleans_video";
    public const string Superuser = "postgres";

    private const string ServerUser = "postgres";
    private const int StartAttempts = 3;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private static readonly string BinDirectory =
        Environment.GetEnvironmentVariable("VIDEO_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    private string? _rootDirectory;
    private bool _running;

    /// <summary>The TCP port on 127.0.0.1; valid once initialised.</summary>
    public int Port { get; private set; }

    /// <summary>The server's data directory (inside a temp folder removed on dispose).</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>Connection string of <see cref="DefaultDatabase"/>, which has the schema applied.</summary>
    public string ConnectionString => ConnectionStringFor(DefaultDatabase);

    private string RootDirectory => _rootDirectory ?? throw new InvalidOperationException("The PostgreSQL server has not been started.");

    /// <summary>The connection string of another database on this server.</summary>
    public string ConnectionStringFor(string database)
    {
        if (!_running)
        {
            throw new InvalidOperationException("The PostgreSQL server has not been started.");
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = Superuser,
            // Server-side detail (e.g. which row conflicted) in exception messages.
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL server binaries not found in {BinDirectory}: install them (apt-get install -y postgresql) or set VIDEO_PG_BIN.");
        }

        _rootDirectory = Path.Combine(Path.GetTempPath(), "orleans-video-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_rootDirectory);
        // initdb itself narrows an existing, empty data directory to mode 0700.
        Directory.CreateDirectory(DataDirectory);
        if (Environment.IsPrivilegedProcess)
        {
            await ProcessRunner.RunAsync("chown", [ServerUser + ":", DataDirectory], ToolTimeout);
        }

        await RunToolAsync("initdb",
            ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]);
        // Appended settings win over the defaults above them. Root may write the postgres-owned file.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), """

            # Test server: loopback only, no Unix socket, durability traded for speed.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 200
            """);

        await StartOnFreePortAsync();
        await PostgresSchema.CreateDatabaseIfMissingAsync(ConnectionString);
        await PostgresSchema.ApplyAsync(ConnectionString);
    }

    /// <summary>
    /// Creates a new, empty database (e.g. one per test class that needs isolation) and returns its
    /// connection string; with <paramref name="applySchema"/> the project's schema is applied to it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, bool applySchema = true)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = ConnectionStringFor(name);
        if (applySchema)
        {
            await PostgresSchema.ApplyAsync(connectionString);
        }

        return connectionString;
    }

    /// <summary>
    /// Stops the server as a restart would (clients' connections are cut); <see cref="StartAgainAsync"/> brings it back.
    /// "fast", not "immediate": this test server runs without synchronous commit, and an immediate stop would lose
    /// commits already confirmed to the silos, which a production server (synchronous_commit on) never does.
    /// </summary>
    public async Task StopAsync()
    {
        await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w"]);
        _running = false;
        ForgetPooledConnections();
    }

    /// <summary>Starts a stopped server again on the same port, so every connection string still holds.</summary>
    public async Task StartAgainAsync()
    {
        await RunToolAsync("pg_ctl",
            ["start", "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port}"]);
        _running = true;
    }

    /// <summary>
    /// Hangs the server (SIGSTOP to the postmaster and its backends) until the returned handle is disposed (SIGCONT):
    /// connections stay open and queries get no answer, as on a host that stalls, unlike <see cref="StopAsync"/>.
    /// </summary>
    public IDisposable Freeze()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        Signals.Stop(postmaster); // first: a stopped postmaster starts no backend the list below would miss
        var stopped = new List<int> { postmaster };
        foreach (var backend in ProcStat.Children(postmaster))
        {
            Signals.Stop(backend);
            stopped.Add(backend);
        }
        return new Thaw(stopped);
    }

    public async Task DisposeAsync()
    {
        if (_rootDirectory is null)
        {
            return;
        }

        if (_running)
        {
            _running = false;
            // Nothing here is worth a clean checkpoint: "immediate" is the fastest way down.
            await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]);
            ForgetPooledConnections();
        }

        Directory.Delete(_rootDirectory, recursive: true);
        _rootDirectory = null;
    }

    /// <summary>
    /// Npgsql pools connections by connection string, and a later server of this test process may get this one's port:
    /// its first query would then get a pooled socket of the server that is gone (seen as an end of stream in CI).
    /// </summary>
    private static void ForgetPooledConnections() => NpgsqlConnection.ClearAllPools();

    private async Task StartOnFreePortAsync()
    {
        // A port found free can be taken before the server binds it; another port then does.
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPorts.Free();
            try
            {
                await RunToolAsync("pg_ctl",
                    ["start", "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port}"]);
                _running = true;
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // Most likely the port: try another.
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not start; server log:\n{ReadLogTail()}", ex);
            }
        }
    }

    private string ReadLogTail()
    {
        var log = Path.Combine(DataDirectory, "server.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no log)";
    }

    // initdb and postgres refuse to run as root.
    private static Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(BinDirectory, tool);
        return Environment.IsPrivilegedProcess
            ? ProcessRunner.RunAsync("runuser", ["-u", ServerUser, "--", executable, .. arguments], ToolTimeout)
            : ProcessRunner.RunAsync(executable, arguments, ToolTimeout);
    }

    private sealed class Thaw(List<int> stopped) : IDisposable
    {
        public void Dispose()
        {
            foreach (var pid in stopped)
            {
                Signals.Continue(pid);
            }
        }
    }
}
