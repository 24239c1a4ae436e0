using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Data;

/// <summary>
/// Backups that restore: the demo councils backed up and restored (SQLite's online backup; PostgreSQL's pg_dump and
/// pg_restore, when the suite runs on PostgreSQL) give every export byte for byte as before.
/// </summary>
public class BackupTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _files.Dispose();
        await _db.DisposeAsync();
    }

    /// <summary>Every export of every council, each as the CLI writes it: definitions, results, targets, RAG, risks, matrix, committees.</summary>
    private static async Task<Dictionary<string, string>> ExportsAsync(string db)
    {
        var exports = new Dictionary<string, string>();
        async Task Add(string name, params string[] args)
        {
            var run = await StewardCli.RunAsync(null, [.. args, "--db", db]);
            run.ExitCode.ShouldBe(0, $"{name}: {run.Err}");
            exports[name] = run.Out;
        }
        await Add("orgs", "org", "list");
        foreach (var line in exports["orgs"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(',');
            var code = cells[0];
            await Add($"{code} indicators", "export", "indicators", "--org", code);
            await Add($"{code} results", "export", "results", "--org", code);
            await Add($"{code} targets", "export", "targets", "--org", code);
            await Add($"{code} risks", "export", "risks", "--org", code, "--full");
            await Add($"{code} matrix", "export", "matrix", "--org", code);
            await Add($"{code} committees", "committee", "list", "--org", code);
            if (cells[^1].Trim() is { Length: > 0 } period) await Add($"{code} rag", "export", "rag", "--org", code, "--period", period);
        }
        return exports;
    }

    private static void ShouldMatch(Dictionary<string, string> restored, Dictionary<string, string> original)
    {
        restored.Keys.ShouldBe(original.Keys);
        original.Count.ShouldBeGreaterThan(15);
        foreach (var (name, text) in original)
        {
            text.Length.ShouldBeGreaterThan(0);
            restored[name].ShouldBe(text, $"{name} differs after the round trip");
        }
    }

    [Fact]
    public async Task A_sqlite_backup_restores_every_export_byte_for_byte_and_never_over_a_database_without_force()
    {
        if (TestDatabase.IsPostgres) return; // the PostgreSQL round trip is below
        var original = await ExportsAsync(_db.Setting);
        var backup = Path.Combine(_files.Directory, "steward-backup.db");
        var made = await StewardCli.RunAsync(_db, "backup", backup);
        made.ExitCode.ShouldBe(0, made.Err);
        made.Out.ShouldMatch(@"^Backed up SQLite .* to .*steward-backup\.db \(\d+\.\d MB, 3 councils\)\.\n$");
        File.Exists(backup + "-wal").ShouldBeFalse("a backup is one file");

        var restoredPath = Path.Combine(_files.Directory, "restored", "steward.db");
        var restored = await StewardCli.RunAsync(null, "restore", backup, "--db", restoredPath);
        restored.ExitCode.ShouldBe(0, restored.Err);
        restored.Out.ShouldContain("(3 councils); its schema is up to date.");
        ShouldMatch(await ExportsAsync(restoredPath), original);

        // Never over an existing database (the app may have it open) without --force; never from something that is not a backup.
        var again = await StewardCli.RunAsync(null, "restore", backup, "--db", restoredPath);
        again.ExitCode.ShouldBe(1);
        again.Err.ShouldContain("exists: restore into a new path, or add --force to replace it (stop the app first)");
        (await StewardCli.RunAsync(null, "restore", backup, "--db", restoredPath, "--force")).ExitCode.ShouldBe(0);
        var notABackup = _files.Write("results.csv", "indicator,period,value\nCSU02,2017-09,91.36\n");
        var refused = await StewardCli.RunAsync(null, "restore", notABackup, "--db", Path.Combine(_files.Directory, "other.db"));
        refused.ExitCode.ShouldBe(1);
        refused.Err.ShouldContain("is not a Steward backup: it is not a SQLite database");
        File.Exists(Path.Combine(_files.Directory, "other.db")).ShouldBeFalse();
        (await StewardCli.RunAsync(_db, "backup", backup)).Err.ShouldContain("exists: choose a new file, or add --force to replace it");
    }

    [Fact]
    public async Task A_postgres_dump_restores_every_export_byte_for_byte()
    {
        if (!TestDatabase.IsPostgres) return; // needs the PostgreSQL server the suite runs on
        var original = await ExportsAsync(_db.Setting);
        var source = new NpgsqlConnectionStringBuilder(_db.Setting);
        var dump = Path.Combine(_files.Directory, "steward.dump");
        await RunAsync("pg_dump", source, "--format=custom", $"--file={dump}", $"--dbname={source.Database}");

        var copy = $"steward_restore_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(_db.Setting) { Database = "postgres", Pooling = false }.ToString();
        await ExecuteAsync(admin, $"CREATE DATABASE {copy}");
        try
        {
            await RunAsync("pg_restore", source, "--no-owner", $"--dbname={copy}", dump);
            ShouldMatch(await ExportsAsync(new NpgsqlConnectionStringBuilder(_db.Setting) { Database = copy }.ToString()), original);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {copy} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder server, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { $"--host={server.Host}", $"--port={server.Port}", $"--username={server.Username}" }.Concat(args)) start.ArgumentList.Add(a);
        start.Environment["PGPASSWORD"] = server.Password;
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{tool}: {error}");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
