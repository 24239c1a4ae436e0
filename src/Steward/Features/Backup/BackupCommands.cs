using Microsoft.Data.Sqlite;
using Steward.Cli;
using Steward.Data;

namespace Steward.Features.Backup;

/// <summary>
/// <c>steward backup</c> and <c>steward restore</c> for a SQLite database: a copy taken with SQLite's online backup API
/// (consistent, and safe while the app is running and writing), checked, and restored only into a new file unless told
/// to replace one. PostgreSQL is backed up with its own tools (pg_dump / pg_restore), as docs/shared-service.md says.
/// </summary>
public static class BackupCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("backup", "FILE", "Copy a SQLite database to FILE, safely while Steward runs.", ["force"],
            """
            Uses SQLite's online backup: the copy is consistent even while the app is writing. FILE is a single SQLite
            file (no write-ahead log beside it); it must not exist unless --force. The database is --db as everywhere.
            For PostgreSQL use pg_dump --format=custom (see docs/shared-service.md).
            """, BackupAsync),
        new("restore", "FILE --db NEWPATH", "Restore a backup FILE into a new SQLite database at NEWPATH.", ["force"],
            """
            FILE must be a Steward backup (a SQLite database with Steward's schema that passes SQLite's integrity check).
            NEWPATH must not exist: restoring over a database, even one the app has open, needs --force (stop the app
            first). The restored database is brought up to this release's schema.
            """, RestoreAsync),
    ];

    private static async Task<int> BackupAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count != 1) throw new UsageException("give the FILE to write the backup to");
        var source = ctx.Database;
        if (source.SqlitePath is not { } from)
            throw new BadDataException("this is a PostgreSQL database: back it up with pg_dump --format=custom (see docs/shared-service.md)");
        if (!File.Exists(from)) throw new BadDataException($"there is no database at {from}");
        var to = Path.GetFullPath(line.Words[0]);
        if (to == from) throw new BadDataException("the backup must go to another file than the database");
        if (File.Exists(to) && !line.SetFlags.Contains("force")) throw new BadDataException($"{to} exists: choose a new file, or add --force to replace it");
        var dir = Path.GetDirectoryName(to);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (File.Exists(to)) File.Delete(to);

        await using (var src = new SqliteConnection(source.ConnectionString))
        await using (var dest = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = to, Pooling = false }.ToString()))
        {
            await src.OpenAsync();
            await dest.OpenAsync();
            src.BackupDatabase(dest);
            // A backup is one self-contained file, whatever journal the live database uses.
            await ExecuteAsync(dest, "PRAGMA journal_mode=DELETE;");
        }
        var (councils, problem) = await CheckAsync(to);
        if (problem is not null) throw new BadDataException($"the backup at {to} did not check out: {problem}");
        await ctx.Out.WriteLineAsync($"Backed up {source.Describe()} to {to} ({new FileInfo(to).Length / 1024.0 / 1024.0:0.0} MB, {councils} {(councils == 1 ? "council" : "councils")}).");
        return ExitCode.Success;
    }

    private static async Task<int> RestoreAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count != 1) throw new UsageException("give the backup FILE to restore");
        if (line.Option("db") is null) throw new UsageException("give --db NEWPATH, the SQLite file to restore into");
        var target = ctx.Database;
        if (target.SqlitePath is not { } to)
            throw new BadDataException("restore writes a SQLite database: for PostgreSQL use pg_restore (see docs/shared-service.md)");
        var from = Path.GetFullPath(line.Words[0]);
        if (!File.Exists(from)) throw new BadDataException($"there is no backup at {from}");
        if (from == to) throw new BadDataException("restore into another file than the backup");
        var (councils, problem) = await CheckAsync(from);
        if (problem is not null) throw new BadDataException($"{from} is not a Steward backup: {problem}");
        if (File.Exists(to) && !line.SetFlags.Contains("force"))
            throw new BadDataException($"{to} exists: restore into a new path, or add --force to replace it (stop the app first)");

        var dir = Path.GetDirectoryName(to);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        await using (var src = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        await using (var dest = new SqliteConnection(new SqliteConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ToString()))
        {
            await src.OpenAsync();
            await dest.OpenAsync();
            // Through SQLite, page by page: a database replaced with --force stays consistent for anyone who has it open.
            src.BackupDatabase(dest);
        }
        await target.MigrateAsync();
        await ctx.Out.WriteLineAsync($"Restored {from} to {to} ({councils} {(councils == 1 ? "council" : "councils")}); its schema is up to date.");
        return ExitCode.Success;
    }

    /// <summary>
    /// Opens <paramref name="path"/> read-only and checks it is a sound Steward database: SQLite's integrity check, and
    /// Steward's migrations and councils tables. Returns the number of councils, or what is wrong.
    /// </summary>
    public static async Task<(int Councils, string? Problem)> CheckAsync(string path)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            var integrity = await ScalarAsync(connection, "PRAGMA integrity_check;");
            if (integrity is not "ok") return (0, $"SQLite's integrity check says {integrity}");
            var tables = await ScalarAsync(connection,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'Organisations');");
            if (tables is not "2") return (0, "it has no Steward schema");
            return (int.Parse(await ScalarAsync(connection, "SELECT count(*) FROM Organisations;") ?? "0"), null);
        }
        catch (SqliteException e)
        {
            return (0, e.SqliteErrorCode == 26 ? "it is not a SQLite database" : e.Message);
        }
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
