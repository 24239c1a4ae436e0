using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Data;

/// <summary>
/// An import of 1,000 indicators and 60,000 results with their targets, killed (SIGKILL, no chance to clean up) while it
/// is writing: on restart the database is sound and holds all of the import or none of it, never part.
/// </summary>
public class CrashTests : IAsyncLifetime
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
        _files.Dispose();
        await _db.DisposeAsync();
    }

    private async Task<(int Indicators, int Results, int Targets)> CountsAsync()
    {
        await using var db = _db.Open();
        return (await db.Indicators.IgnoreQueryFilters().CountAsync(), await db.Results.IgnoreQueryFilters().CountAsync(), await db.Targets.IgnoreQueryFilters().CountAsync());
    }

    /// <summary>Whether the import has started writing: its write-ahead log has grown (SQLite), or its COPY or INSERT is running (PostgreSQL).</summary>
    private async Task<bool> WritingAsync()
    {
        if (_db.Target.SqlitePath is { } path) return new FileInfo(path + "-wal") is { Exists: true, Length: > 2_000_000 };
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_db.Setting) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND (query ILIKE 'COPY%' OR query ILIKE 'INSERT%')", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    [Fact]
    public async Task An_import_killed_while_writing_leaves_all_of_it_or_none()
    {
        var indicators = new List<string> { "code,name,service,theme,lead_officer,data_owner,frequency,unit,polarity,info_only,cumulative,amber_tolerance,decimals,description" };
        var results = new List<string> { "code,period,value,numerator,denominator,target,comment" };
        for (var i = 0; i < 1000; i++)
        {
            indicators.Add($"K{i:0000},Indicator {i} of the crash test,Performance and Projects,,,,monthly,number,higher,false,false,,2,");
            for (var y = 2012; y < 2017; y++)
                for (var m = 1; m <= 12; m++) results.Add($"K{i:0000},{y}-{m:00},{(i * 7 + m) % 100}.5,,,50,");
        }
        var indicatorFile = _files.Write("indicators.csv", string.Join('\n', indicators) + "\n");
        var resultFile = _files.Write("results.csv", string.Join('\n', results) + "\n");
        var before = await CountsAsync();

        var start = new ProcessStartInfo(AppProcess.DotnetHost()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "steward.dll"), "import", "--org", "DBC", indicatorFile, resultFile, "--db", _db.Setting })
            start.ArgumentList.Add(a);
        start.Environment.Remove("STEWARD_TEST_POSTGRES");
        using var import = Process.Start(start)!;
        var watch = Stopwatch.StartNew();
        while (!await WritingAsync() && !import.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(20);
        import.HasExited.ShouldBeFalse("the import finished before it could be killed while writing");
        import.Kill(entireProcessTree: true); // SIGKILL
        await import.WaitForExitAsync();
        SqliteConnection.ClearAllPools();

        if (_db.Target.SqlitePath is { } path)
        {
            await using var check = new SqliteConnection($"Data Source={path}");
            await check.OpenAsync();
            await using var integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check;";
            (await integrity.ExecuteScalarAsync())!.ToString().ShouldBe("ok");
        }
        var after = await CountsAsync();
        after.ShouldBeOneOf([before, (before.Indicators + 1000, before.Results + 60_000, before.Targets + 60_000)], "all of the import or none of it");

        // And the database takes the next import as usual.
        var small = _files.Write("fix.csv", "code,period,value,numerator,denominator,target\nHR05,2017-09,0.91,1784,1966,0.8\n");
        var run = await StewardCli.RunAsync(_db, "import", "--org", "DBC", small);
        run.ExitCode.ShouldBe(0, run.Err);
    }
}
