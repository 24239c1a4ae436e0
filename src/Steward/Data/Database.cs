using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Steward.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives. One setting for CLI and web: <c>--db</c> on the CLI, else
/// <c>ConnectionStrings:Steward</c>, else <c>data/steward.db</c> under the current directory.
/// A value containing '=' is a PostgreSQL connection string; anything else is a SQLite file path.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlitePath = "data/steward.db";
    public const string SettingName = "Steward";

    public static DatabaseTarget Resolve(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) setting = DefaultSqlitePath;
        if (setting.Contains('=')) return new DatabaseTarget(DatabaseProvider.Postgres, setting);
        var path = Path.GetFullPath(setting);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, DefaultTimeout = 30 };
        return new DatabaseTarget(DatabaseProvider.Sqlite, builder.ToString());
    }

    /// <summary>The SQLite file, or null for PostgreSQL.</summary>
    public string? SqlitePath => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : null;

    /// <summary>For messages: the file path, or the server and database without the password.</summary>
    public string Describe()
    {
        if (SqlitePath is { } path) return $"SQLite {path}";
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Points <paramref name="options"/> at this database. A list of ids in a query (<c>ids.Contains(x.Id)</c>) is sent
    /// as one parameter (a JSON array on SQLite, an array on PostgreSQL): one statement for any length of list, and a
    /// page's 2,000 ids bind as fast as its 20.
    /// </summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.GetDirectoryName(SqlitePath);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            options.UseSqlite(ConnectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }
        else
        {
            options.UseNpgsql(ConnectionString, o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }
    }

    /// <summary>A new unit of work, outside dependency injection (CLI, start-up tasks, tests).</summary>
    public StewardDb Open()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var b = new DbContextOptionsBuilder<SqliteStewardDb>();
            Configure(b);
            return new SqliteStewardDb(b.Options);
        }
        var p = new DbContextOptionsBuilder<PostgresStewardDb>();
        Configure(p);
        return new PostgresStewardDb(p.Options);
    }

    /// <summary>
    /// Registers the context for this database, scoped per request. EF Core interceptors registered as
    /// <see cref="Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor"/> services are added to it (the tests count the
    /// SQL a page issues this way).
    /// </summary>
    public void Register(IServiceCollection services)
    {
        void Options(IServiceProvider sp, DbContextOptionsBuilder o)
        {
            Configure(o);
            o.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        }
        if (Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContext<SqliteStewardDb>(Options);
            services.AddScoped<StewardDb>(sp => sp.GetRequiredService<SqliteStewardDb>());
        }
        else
        {
            services.AddDbContext<PostgresStewardDb>(Options);
            services.AddScoped<StewardDb>(sp => sp.GetRequiredService<PostgresStewardDb>());
        }
    }

    /// <summary>Brings the schema up to date. SQLite files are switched to write-ahead logging so readers never block the writer.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>
/// Which failed saves are someone else's concurrent change: a stale version, or a row another user created
/// first under the same unique key. Everything else (a broken constraint, a lost connection) is a fault
/// and is left to propagate.
/// </summary>
public static class SaveConflict
{
    private const int SqliteConstraint = 19, SqliteConstraintUnique = 2067, SqliteConstraintPrimaryKey = 1555;

    public static bool Is(DbUpdateException e) => e is DbUpdateConcurrencyException || IsDuplicateKey(e.InnerException);

    /// <summary>The database's own error for a row whose unique key another row already has (SQLite or PostgreSQL).</summary>
    private static bool IsDuplicateKey(Exception? e) => e switch
    {
        SqliteException s => s.SqliteErrorCode == SqliteConstraint && s.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private const int SqliteBusy = 5, SqliteLocked = 6;

    /// <summary>
    /// Whether a failed unit of work lost to another one saved at the same time: a conflict as in <see cref="Is"/>, a
    /// duplicate key raised by the database itself (a bulk copy, which does not go through EF, inserting a row another
    /// unit of work created meanwhile), a SQLite file still locked by another writer when the wait ran out, or a
    /// PostgreSQL serialization failure or deadlock.
    /// </summary>
    public static bool IsConcurrentChange(Exception e) => e switch
    {
        DbUpdateException u when Is(u) => true,
        _ when IsDuplicateKey(e) => true,
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.SerializationFailure or Npgsql.PostgresErrorCodes.DeadlockDetected } => true,
        _ => e.InnerException is { } inner && IsConcurrentChange(inner),
    };
}
