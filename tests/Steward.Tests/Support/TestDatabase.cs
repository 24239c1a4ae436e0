using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Steward.Data;

namespace Steward.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test: a SQLite file by default, or a PostgreSQL database when
/// STEWARD_TEST_POSTGRES holds a connection string (CI runs the suite both ways). Each is copied from a
/// template migrated once per run, and removed afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _sqliteTemplate;
    private static string? _postgresTemplate;

    public static string? PostgresSetting => Environment.GetEnvironmentVariable("STEWARD_TEST_POSTGRES") is { Length: > 0 } s ? s : null;
    public static bool IsPostgres => PostgresSetting is not null;

    private TestDatabase(DatabaseTarget target, Func<Task> cleanup)
    {
        Target = target;
        _cleanup = cleanup;
    }

    private readonly Func<Task> _cleanup;

    public DatabaseTarget Target { get; }

    /// <summary>The value to pass as --db or ConnectionStrings:Steward.</summary>
    public string Setting => Target.SqlitePath ?? Target.ConnectionString;

    public static async Task<TestDatabase> CreateAsync() => IsPostgres ? await CreatePostgresAsync() : await CreateSqliteAsync();

    /// <summary>A unit of work acting for an organisation (0 = none).</summary>
    public StewardDb Open(int organisationId = 0, string actor = "test")
    {
        var db = Target.Open();
        db.UseOrganisation(organisationId);
        db.Actor = actor;
        db.Channel = "test";
        return db;
    }

    private static async Task<TestDatabase> CreateSqliteAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_sqliteTemplate is null)
            {
                var path = Path.Combine(Path.GetTempPath(), $"steward-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
                var template = DatabaseTarget.Resolve(path);
                await using (var db = template.Open()) await db.Database.MigrateAsync();
                SqliteConnection.ClearAllPools();
                _sqliteTemplate = path;
            }
        }
        finally
        {
            TemplateLock.Release();
        }
        var dir = Path.Combine(Path.GetTempPath(), "steward-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "steward.db");
        File.Copy(_sqliteTemplate, file);
        return new TestDatabase(DatabaseTarget.Resolve(file), () =>
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgresAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(PostgresSetting) { Database = "postgres", Pooling = false }.ToString();
        await TemplateLock.WaitAsync();
        try
        {
            if (_postgresTemplate is null)
            {
                var name = $"steward_template_{Environment.ProcessId}";
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                await ExecuteAsync(admin, $"CREATE DATABASE {name}");
                var template = DatabaseTarget.Resolve(new NpgsqlConnectionStringBuilder(PostgresSetting) { Database = name, Pooling = false }.ToString());
                await using (var db = template.Open()) await db.Database.MigrateAsync();
                _postgresTemplate = name;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                    ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
            }
        }
        finally
        {
            TemplateLock.Release();
        }
        var database = $"steward_test_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {database} TEMPLATE {_postgresTemplate}");
        var connection = new NpgsqlConnectionStringBuilder(PostgresSetting) { Database = database }.ToString();
        return new TestDatabase(DatabaseTarget.Resolve(connection), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        });
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _cleanup();
}
