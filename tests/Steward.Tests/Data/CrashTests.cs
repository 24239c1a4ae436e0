using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Data;

/// <summary>
/// Steward killed (SIGKILL, no chance to clean up) while it writes: an import of 1,000 indicators and 60,000 results with
/// their targets (on restart the database is sound and holds all of the import or none of it, never part), and the web
/// app with saves in flight (nothing acknowledged is lost, nothing is half-written). bench/crash.sh does the import at
/// 1,000,000 rows. They run alone, after the other tests: the import is killed in a window of a second or so once its log
/// has grown, and a test host busy with parallel tests could starve the loop that watches for it.
/// </summary>
[Collection(nameof(CrashTests))]
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

        await AssertSoundAsync();
        var after = await CountsAsync();
        after.ShouldBeOneOf([before, (before.Indicators + 1000, before.Results + 60_000, before.Targets + 60_000)], "all of the import or none of it");

        // And the database takes the next import as usual.
        var small = _files.Write("fix.csv", "code,period,value,numerator,denominator,target\nHR05,2017-09,0.91,1784,1966,0.8\n");
        var run = await StewardCli.RunAsync(_db, "import", "--org", "DBC", small);
        run.ExitCode.ShouldBe(0, run.Err);
    }

    /// <summary>
    /// Updaters saving results through the web app, three at a time, when the server is killed (SIGKILL) with saves in
    /// flight: every save it acknowledged is there, each result holds an acknowledged comment or the one in flight
    /// (never anything else), and its audit entry agrees with it (the row and its audit entry are one transaction).
    /// The restarted server takes the next save.
    /// </summary>
    [Fact]
    public async Task A_web_app_killed_while_saving_loses_nothing_it_acknowledged_and_half_writes_nothing()
    {
        var codes = new[] { "ICT01", "CSU02", "CSU10" };
        Dictionary<string, int> ids;
        await using (var db = _db.Open())
        {
            var org = await db.Organisations.SingleAsync(o => o.Code == "DBC");
            db.UseOrganisation(org.Id);
            ids = await db.Indicators.Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Id);
        }
        var settings = new Dictionary<string, string> { ["Steward__DemoData"] = "false" };
        var server = await AppProcess.StartAsync(_db, settings);
        var acknowledged = codes.ToDictionary(c => c, _ => new List<string>());
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        try
        {
            var updater = await SignedInAsync(server, "updater@dacorum.example");
            async Task SaveLoop(string code)
            {
                var url = $"/indicators/{ids[code]}/results/2017-09";
                for (var n = 1; !stop.IsCancellationRequested; n++)
                {
                    var comment = $"{code} save {n}";
                    try
                    {
                        var (_, page) = await updater.GetAsync(url);
                        inFlight[code] = comment;
                        var saved = await updater.PostFormAsync(url, page, "main form", ("Numerator", $"{n}"), ("Denominator", "1000"), ("Comment", comment), ("action", "draft"));
                        if (saved.StatusCode == System.Net.HttpStatusCode.Redirect) lock (acknowledged) acknowledged[code].Add(comment);
                        else throw new ShouldAssertException($"{code} save {n} answered {saved.StatusCode}:\n{server.Output}");
                    }
                    catch (HttpRequestException) when (stop.IsCancellationRequested)
                    {
                        return; // the server was killed under it
                    }
                }
            }
            var loops = codes.Select(c => Task.Run(() => SaveLoop(c))).ToList();
            var watch = Stopwatch.StartNew();
            while (acknowledged.Values.Any(a => a.Count < 10) && watch.Elapsed < TimeSpan.FromMinutes(2) && loops.All(l => !l.IsCompleted)) await Task.Delay(10);
            stop.Cancel();
            await server.DisposeAsync(); // SIGKILL, with saves in flight
            foreach (var loop in loops)
                try { await loop; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
        }
        finally
        {
            await server.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        acknowledged.Values.ShouldAllBe(a => a.Count >= 10);

        await AssertSoundAsync();
        await using (var db = _db.Open())
        {
            foreach (var code in codes)
            {
                var result = await db.Results.IgnoreQueryFilters().SingleAsync(r => r.IndicatorId == ids[code] && r.Period == new Steward.Domain.Period(2017, 9));
                var last = acknowledged[code][^1];
                result.UpdaterComment.ShouldBeOneOf([last, inFlight[code]], $"{code}: the last acknowledged save, or the one in flight");
                var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.EntityType == "Result" && a.EntityId == result.Id.ToString())
                    .OrderByDescending(a => a.Version).FirstAsync();
                audit.Version.ShouldBe(result.Version, $"{code}: the result and its latest audit entry are of the same save");
                audit.Changes!.ShouldContain(System.Text.Json.JsonSerializer.Serialize(result.UpdaterComment));
            }
        }

        // Restarted, the server takes the next save.
        await using var again = await AppProcess.StartAsync(_db, settings);
        var browser = await SignedInAsync(again, "updater@dacorum.example");
        var next = $"/indicators/{ids["ICT01"]}/results/2017-09";
        var (_, form) = await browser.GetAsync(next);
        (await browser.PostFormAsync(next, form, "main form", ("Numerator", "1"), ("Denominator", "2"), ("Comment", "After the restart"), ("action", "draft")))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, again.Output);
    }

    /// <summary>On SQLite, that the database file passes SQLite's integrity check (PostgreSQL needs no such check after a kill).</summary>
    private async Task AssertSoundAsync()
    {
        if (_db.Target.SqlitePath is not { } path) return;
        await using var check = new SqliteConnection($"Data Source={path}");
        await check.OpenAsync();
        await using var integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check;";
        (await integrity.ExecuteScalarAsync())!.ToString().ShouldBe("ok");
    }

    /// <summary>A session on a server process: a cookie jar, signed in with the demo password.</summary>
    private static async Task<WebSession> SignedInAsync(AppProcess server, string email)
    {
        var session = new WebSession(new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = new Uri(server.BaseUrl) });
        var (_, page) = await session.GetAsync("/sign-in");
        var signedIn = await session.PostFormAsync("/sign-in", page, "main form", ("email", email), ("password", DemoData.Password));
        signedIn.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, server.Output);
        return session;
    }
}

/// <summary>The crash tests' collection: never run beside another test.</summary>
[CollectionDefinition(nameof(CrashTests), DisableParallelization = true)]
public class CrashTestsCollection;
