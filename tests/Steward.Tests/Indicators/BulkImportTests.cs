using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Import;
using Steward.Features.Indicators;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>
/// Issue 9: results files of tens of thousands of rows (more than one chunk of <see cref="IndicatorImport.ChunkRows"/>),
/// read twice and written in bulk, store what entering the rows one by one through the context stores, stay
/// all-or-nothing, update existing rows with their audit, and lose cleanly to a concurrent import.
/// </summary>
public class BulkImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly TempFiles _files = new();
    private const string Actor = "performance@dacorum.example";

    /// <summary>Indicators of each frequency and unit, with fractions × 100 (percent) and × 1,000.</summary>
    private static readonly (string Code, Unit Unit, Frequency Frequency, int Decimals, int? Multiplier)[] Indicators =
    [
        .. Enumerable.Range(1, 20).Select(n => ($"BLK{n:00}", (n % 4) switch { 0 => Unit.Percent, 1 => Unit.Number, 2 => Unit.Days, _ => Unit.Percent },
            Frequency.Monthly, n % 3, n == 5 ? 1000 : (int?)null)),
        ("BLKQ1", Unit.Percent, Frequency.Quarterly, 1, null), ("BLKQ2", Unit.Days, Frequency.Quarterly, 2, null),
        ("BLKQ3", Unit.Number, Frequency.Quarterly, 0, null), ("BLKQ4", Unit.Currency, Frequency.Quarterly, 2, null),
        ("BLKA1", Unit.Number, Frequency.Annual, 0, null), ("BLKA2", Unit.Percent, Frequency.Annual, 1, null),
    ];

    /// <summary>A row as written in the file.</summary>
    private sealed record Row(string Code, Period Period, string Value, string Numerator, string Denominator, string Target, string Comment);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "DBC", "Dacorum Borough Council")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "org", "add", "REF", "Reference Council")).ExitCode.ShouldBe(0);
        var indicators = _files.Write("indicators.csv", CsvExport.ToText(csv =>
        {
            csv.Row("code", "name", "polarity", "unit", "frequency", "info_only", "amber_tolerance", "decimals", "multiplier");
            foreach (var i in Indicators)
                csv.Row(i.Code, $"Indicator {i.Code}", "higher", i.Unit.Name(), i.Frequency.Name(), "false", "", $"{i.Decimals}", i.Multiplier?.ToString(CultureInfo.InvariantCulture));
        }));
        foreach (var org in new[] { "DBC", "REF" })
        {
            var r = await StewardCli.RunAsync(_db, "import", "--org", org, indicators);
            r.ExitCode.ShouldBe(0, r.Err);
        }
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>
    /// <paramref name="count"/> rows from Jan 1960 on, a month at a time, a row for each indicator whose period ends in
    /// it: plain values, fractions (with and without their value, 0 / 0 among them), comments with commas and quotes, a
    /// comment without a value, a row with only a target, and period targets.
    /// </summary>
    private static List<Row> Rows(int count)
    {
        var rows = new List<Row>(count);
        for (var month = new Period(1960, 1); rows.Count < count; month = month.AddMonths(1))
            foreach (var i in Indicators.Where(i => month.Ends(i.Frequency)))
            {
                if (rows.Count == count) break;
                var k = rows.Count;
                string Plain(decimal d) => Numbers.Plain(d);
                var target = k % 13 == 0 ? Plain(50 + k % 40 + 0.25m) : "";
                var comment = k % 11 == 0 ? $"Revised, after \"audit\" {k}" : "";
                if (k % 97 == 5) { rows.Add(new(i.Code, month, "", "", "", target, $"Figures yet to be confirmed ({k})")); continue; }
                if (k % 89 == 3) { rows.Add(new(i.Code, month, "", "", "", Plain(42 + k % 7), "")); continue; }
                var multiplier = Multipliers.Of(i.Unit, i.Multiplier);
                if ((i.Unit == Unit.Percent || multiplier != 1) && k % 3 != 0)
                {
                    var (numerator, denominator) = k % 101 == 0 ? (0, 0) : (k * 7 % 900, 50 + k % 900 + k * 7 % 900);
                    var value = numerator == 0 && denominator == 0 || k % 2 == 0 ? ""
                        : Plain(Numbers.Round((decimal)numerator / denominator * multiplier, i.Decimals));
                    rows.Add(new(i.Code, month, value, $"{numerator}", $"{denominator}", target, comment));
                    continue;
                }
                rows.Add(new(i.Code, month, Plain((k % 100_000) / 100m + 1), "", "", target, comment));
            }
        return rows;
    }

    private static string Csv(IEnumerable<Row> rows) => CsvExport.ToText(csv =>
    {
        csv.Row("code", "period", "value", "numerator", "denominator", "target", "comment");
        foreach (var r in rows) csv.Row(r.Code, r.Period.ToString(), r.Value, r.Numerator, r.Denominator, r.Target, r.Comment);
    });

    private async Task<StewardDb> Open(string code, string actor = "test")
    {
        var db = _db.Open(actor: actor);
        db.UseOrganisation((await db.Organisations.SingleAsync(o => o.Code == code)).Id);
        return db;
    }

    private async Task<CliResult> Import(string org, string path) =>
        await StewardCli.RunAsync(_db, "import", "--org", org, "--user", Actor, path);

    private async Task<(int Results, int Targets, int Audit)> Counts(string org)
    {
        await using var db = await Open(org);
        return (await db.Results.CountAsync(), await db.Targets.CountAsync(), await db.AuditLog.CountAsync());
    }

    /// <summary>Every stored column of an organisation's results and period targets, as the database holds it (SQLite's text, PostgreSQL's numeric), by code and period.</summary>
    private async Task<(List<string> Results, List<string> Targets)> Stored(string org)
    {
        await using var db = await Open(org);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<List<string>> Read(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var p = command.CreateParameter();
            p.ParameterName = "org";
            p.Value = db.OrganisationId;
            command.Parameters.Add(p);
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(n => reader.IsDBNull(n) ? "null" : Text(reader.GetValue(n)))));
            return rows;
        }
        static string Text(object value) => value switch
        {
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
        var results = await Read("""
            SELECT i."Code", r."Period", r."Value", r."Numerator", r."Denominator", r."Status", r."UpdaterComment", r."ApproverComment",
                   r."EnteredBy", r."EnteredAt", r."SubmittedBy", r."SubmittedAt", r."ApprovedBy", r."ApprovedAt", r."Version"
            FROM "Results" r JOIN "Indicators" i ON i."Id" = r."IndicatorId" WHERE r."OrganisationId" = @org ORDER BY i."Code", r."Period"
            """);
        var targets = await Read("""
            SELECT i."Code", t."Period", t."Value" FROM "Targets" t JOIN "Indicators" i ON i."Id" = t."IndicatorId"
            WHERE t."OrganisationId" = @org ORDER BY i."Code", t."Period"
            """);
        return (results, targets);
    }

    [Fact]
    public async Task A_large_file_stores_what_entering_each_row_through_the_context_stores()
    {
        var rows = Rows(2 * IndicatorImport.ChunkRows + 500);
        var file = _files.Write("results.csv", Csv(rows));
        var run = await Import("DBC", file);
        run.ExitCode.ShouldBe(0, run.Err);

        var withResult = rows.Where(r => r.Value.Length + r.Numerator.Length + r.Comment.Length > 0).ToList();
        var withTarget = rows.Where(r => r.Target.Length > 0).ToList();
        run.Out.ShouldContain($"results: {withResult.Count} created, 0 updated; targets: {withTarget.Count} created, 0 updated, 0 removed; 0 rows unchanged");
        await AddThroughTheContextAsync("REF", rows);

        var (results, targets) = await Stored("DBC");
        var expected = await Stored("REF");
        results.Count.ShouldBe(withResult.Count);
        results.ShouldBe(expected.Results);
        targets.ShouldBe(expected.Targets);

        // One audit entry for the import, none per row.
        await using var db = await Open("DBC");
        var audit = await db.AuditLog.Where(e => e.Actor == Actor).ToListAsync();
        audit.Select(e => e.Action).ShouldBe(["import"]);
        var details = JsonDocument.Parse(audit[0].Changes!).RootElement;
        details.GetProperty("files")[0].GetProperty("rows").GetInt32().ShouldBe(rows.Count);
        details.GetProperty("files")[0].GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        details.GetProperty("counts").GetProperty("ResultsCreated").GetInt32().ShouldBe(withResult.Count);
        details.GetProperty("counts").GetProperty("TargetsCreated").GetInt32().ShouldBe(withTarget.Count);
    }

    [Fact]
    public async Task Values_the_same_in_every_row_are_stored_as_the_context_stores_them()
    {
        // Every column but the indicator and period the same in each row (the bulk insert writes such columns into its
        // statement instead of binding them row by row).
        var percent = Indicators.Where(i => i is { Unit: Unit.Percent, Frequency: Frequency.Monthly }).Select(i => i.Code).ToList();
        var rows = Enumerable.Range(0, 1_500).Select(n => new Row(percent[n % percent.Count], new Period(1990, 1).AddMonths(n / percent.Count),
            "", "5", "40", "80.0", "Same comment, every row")).ToList();
        var run = await Import("DBC", _files.Write("same.csv", Csv(rows)));
        run.ExitCode.ShouldBe(0, run.Err);
        await AddThroughTheContextAsync("REF", rows);
        var (results, targets) = await Stored("DBC");
        results.Count.ShouldBe(rows.Count);
        var expected = await Stored("REF");
        results.ShouldBe(expected.Results);
        targets.ShouldBe(expected.Targets);
    }

    /// <summary>
    /// The reference: each row added to <paramref name="org"/> as an entity and saved by the context (what imports did before
    /// bulk copy), stamped with the identity and time of DBC's import.
    /// </summary>
    private async Task AddThroughTheContextAsync(string org, List<Row> rows)
    {
        DateTime at;
        await using (var imported = await Open("DBC"))
        {
            var stamps = await imported.Results.Select(r => new { r.EnteredAt, r.ApprovedAt, r.EnteredBy, r.ApprovedBy }).Distinct().ToListAsync();
            stamps.Count.ShouldBe(1);
            (stamps[0].EnteredBy, stamps[0].ApprovedBy, stamps[0].ApprovedAt).ShouldBe((Actor, Actor, stamps[0].EnteredAt));
            at = stamps[0].EnteredAt!.Value;
        }
        await using var reference = await Open(org, Actor);
        var indicators = await reference.Indicators.ToDictionaryAsync(i => i.Code);
        static decimal? Number(string text) => text.Length == 0 ? null : decimal.Parse(text, CultureInfo.InvariantCulture);
        foreach (var r in rows.Where(r => r.Value.Length + r.Numerator.Length + r.Comment.Length > 0))
        {
            var indicator = indicators[r.Code];
            var (value, numerator, denominator) = (Number(r.Value), Number(r.Numerator), Number(r.Denominator));
            var resolution = ResultValues.Resolve(value, numerator, denominator, indicator.FractionMultiplier, indicator.Decimals);
            resolution.IsError.ShouldBeFalse(resolution.ErrorMessage);
            reference.Results.Add(new Result
            {
                Indicator = indicator, Period = r.Period, Value = resolution.Value, Numerator = numerator, Denominator = denominator,
                UpdaterComment = r.Comment.Length == 0 ? null : r.Comment, Status = ApprovalStatus.Approved,
                EnteredBy = Actor, EnteredAt = at, ApprovedBy = Actor, ApprovedAt = at,
            });
        }
        foreach (var r in rows.Where(r => r.Target.Length > 0))
            reference.Targets.Add(new Target { Indicator = indicators[r.Code], Period = r.Period, Value = decimal.Parse(r.Target, CultureInfo.InvariantCulture) });
        reference.AuditAddedRowsInBulk = true;
        await reference.SaveChangesAsync();
    }

    [Fact]
    public async Task An_error_on_a_late_row_writes_nothing()
    {
        var rows = Rows(2 * IndicatorImport.ChunkRows + 500);
        var late = rows.Count - 3;
        rows[late] = rows[late] with { Value = "12,5", Numerator = "", Denominator = "" };
        var file = _files.Write("results.csv", Csv(rows));
        var before = await Counts("DBC");
        var run = await Import("DBC", file);
        run.ExitCode.ShouldBe(1);
        run.ErrLines.ShouldBe([
            $"{file}:{late + 2}: column value: '12,5' is not a number (write plain digits with '.' for decimals: no '%', units or thousands separators)",
            "Nothing was imported: 1 error(s).",
        ]);
        (await Counts("DBC")).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_that_changes_between_its_check_and_its_writing_writes_nothing()
    {
        // Read a second time to be written, the file has another value on a row after the first chunk has been written.
        var rows = Rows(2 * IndicatorImport.ChunkRows + 500);
        var checkedBytes = Encoding.UTF8.GetBytes(Csv(rows));
        rows[^2] = rows[^2] with { Value = "1", Numerator = "", Denominator = "" };
        var changedBytes = Encoding.UTF8.GetBytes(Csv(rows));
        var opened = 0;
        var file = new ImportFile("results.csv", () => new MemoryStream(Interlocked.Increment(ref opened) == 1 ? checkedBytes : changedBytes));
        var before = await Counts("DBC");
        await using (var db = await Open("DBC", Actor))
        {
            var outcome = await CsvImport.RunAsync(db, await db.Organisations.SingleAsync(o => o.Id == db.OrganisationId), [file]);
            outcome.Errors.Select(e => e.ToString()).ShouldBe([
                "results.csv:1: column (all): the file changed while it was being imported (it is read once to check it and again to write it): nothing was imported, run the import again",
            ]);
            outcome.Counts.ShouldBeNull();
        }
        opened.ShouldBe(2);
        (await Counts("DBC")).ShouldBe(before);
    }

    [Fact]
    public async Task Updates_of_existing_results_and_targets_mix_with_new_rows()
    {
        // The first import: rows 0 … 14,999, a target on every tenth. The second: rows 5,000 … 24,999, where of the
        // rows both have every third value changed, targets on multiples of 20 changed and the others removed.
        static string Value(int i, bool changed) => Numbers.Plain(i % 1000 + 0.5m + (changed ? 1 : 0));
        var keys = Enumerable.Range(0, 25_000).Select(i => (Code: Indicators[i % 20].Code, Period: new Period(1960, 1).AddMonths(i / 20))).ToList();
        string First(int i) => $"{keys[i].Code},{keys[i].Period},{Value(i, false)},{(i % 10 == 0 ? Numbers.Plain(i % 70 + 10m) : "")}";
        string Second(int i)
        {
            var both = i < 15_000;
            var target = i % 10 != 0 ? "" : !both ? "33" : i % 20 == 0 ? Numbers.Plain(i % 70 + 11m) : "";
            return $"{keys[i].Code},{keys[i].Period},{Value(i, both && i % 3 == 0)},{target}";
        }
        var first = _files.Write("first.csv", "code,period,value,target\n" + string.Join("\n", Enumerable.Range(0, 15_000).Select(First)) + "\n");
        var second = _files.Write("second.csv", "code,period,value,target\n" + string.Join("\n", Enumerable.Range(5_000, 20_000).Select(Second)) + "\n");
        (await Import("DBC", first)).ExitCode.ShouldBe(0);
        Dictionary<(string, Period), (int Id, int Version)> before;
        await using (var db = await Open("DBC"))
            before = await db.Results.Include(r => r.Indicator).ToDictionaryAsync(r => (r.Indicator!.Code, r.Period), r => (r.Id, r.Version));

        var run = await StewardCli.RunAsync(_db, "import", "--org", "DBC", "--user", "officer@dacorum.example", second);
        run.ExitCode.ShouldBe(0, run.Err);
        var overlap = Enumerable.Range(5_000, 10_000).ToList();
        var changedValues = overlap.Where(i => i % 3 == 0).ToList();
        var unchanged = overlap.Count(i => i % 3 != 0 && i % 10 != 0);
        run.Out.ShouldContain($"results: 10000 created, {changedValues.Count} updated; targets: 1000 created, 500 updated, 500 removed; {unchanged} rows unchanged");

        await using (var db = await Open("DBC"))
        {
            var results = await db.Results.Include(r => r.Indicator).ToDictionaryAsync(r => (r.Indicator!.Code, r.Period));
            results.Count.ShouldBe(25_000);
            foreach (var i in new[] { 0, 4_999, 5_000, 5_001, 9_999, 14_997, 14_998, 15_000, 24_999 })
            {
                var r = results[keys[i]];
                var changed = i is >= 5_000 and < 15_000 && i % 3 == 0;
                r.Value.ShouldBe(decimal.Parse(Value(i, changed), CultureInfo.InvariantCulture));
                r.Status.ShouldBe(ApprovalStatus.Approved);
                if (i < 15_000) (r.Id, r.Version).ShouldBe((before[keys[i]].Id, changed ? 1 : 0));
                (r.ApprovedBy, r.Version).ShouldBe((i < 5_000 || (i < 15_000 && !changed) ? Actor : "officer@dacorum.example", changed ? 1 : 0));
            }
            var targets = await db.Targets.Include(t => t.Indicator).ToDictionaryAsync(t => (t.Indicator!.Code, t.Period), t => t.Value);
            targets.Count.ShouldBe(1500 - 500 + 1000);
            targets[keys[5_000]].ShouldBe(5_000 % 70 + 11m);
            targets.ContainsKey(keys[5_010]).ShouldBeFalse();
            targets[keys[4_990]].ShouldBe(4_990 % 70 + 10m);
            targets[keys[15_000]].ShouldBe(33m);

            // Every change to an existing row is audited before → after; new rows are counted in the import's entry.
            var audit = await db.AuditLog.Where(e => e.Actor == "officer@dacorum.example").ToListAsync();
            audit.Count(e => e.Action == "import").ShouldBe(1);
            audit.Count(e => e.Action == "create").ShouldBe(0);
            var resultUpdates = audit.Where(e => e is { Action: "update", EntityType: "Result" }).ToList();
            resultUpdates.Select(e => e.Label).ShouldBe(changedValues.Select(i => $"result {keys[i].Code} {keys[i].Period}"), ignoreOrder: true);
            var sample = resultUpdates.Single(e => e.Label == $"result {keys[5_001].Code} {keys[5_001].Period}");
            var changes = JsonDocument.Parse(sample.Changes!).RootElement;
            changes.GetProperty("Value")[0].GetDecimal().ShouldBe(decimal.Parse(Value(5_001, false), CultureInfo.InvariantCulture));
            changes.GetProperty("Value")[1].GetDecimal().ShouldBe(decimal.Parse(Value(5_001, true), CultureInfo.InvariantCulture));
            changes.GetProperty("ApprovedBy")[0].GetString().ShouldBe(Actor);
            changes.GetProperty("ApprovedBy")[1].GetString().ShouldBe("officer@dacorum.example");
            sample.EntityId.ShouldBe($"{before[keys[5_001]].Id}");
            audit.Count(e => e is { Action: "update", EntityType: "Target" }).ShouldBe(500);
            var removed = audit.Where(e => e is { Action: "delete", EntityType: "Target" }).ToList();
            removed.Count.ShouldBe(500);
            removed.ShouldContain(e => e.Label == $"target {keys[5_010].Code} {keys[5_010].Period}");
        }
    }

    [Fact]
    public async Task Two_imports_creating_the_same_results_at_once_one_wins_whole_and_the_other_writes_nothing()
    {
        // B has read which results exist when A imports the same new rows: on PostgreSQL A commits first and B's bulk
        // copy meets A's rows; on SQLite B holds the write lock and A gives up waiting for it.
        var rows = Rows(IndicatorImport.ChunkRows + 500);
        var fileA = ImportFile.FromBytes("a.csv", Encoding.UTF8.GetBytes(Csv(rows.Select(r => r with { Comment = "from A" }))));
        var fileB = ImportFile.FromBytes("b.csv", Encoding.UTF8.GetBytes(Csv(rows.Select(r => r with { Comment = "from B" }))));
        var today = new DateOnly(2018, 1, 20);

        await using var a = OpenWaitingBriefly("a@dacorum.example");
        a.UseOrganisation((await a.Organisations.SingleAsync(o => o.Code == "DBC")).Id);
        using var planA = await CsvImport.PlanAsync(a, [fileA]);
        ImportOutcome? outcomeA = null;
        var hook = new AfterFirstRead("Results", async () => outcomeA = await CsvImport.ApplyAsync(a, planA, today));
        await using var b = OpenWith(hook, "b@dacorum.example");
        b.UseOrganisation(a.OrganisationId);
        using var planB = await CsvImport.PlanAsync(b, [fileB]);
        hook.Armed = true;
        var outcomeB = await CsvImport.ApplyAsync(b, planB, today);

        outcomeA.ShouldNotBeNull();
        var (winner, loser, lost) = TestDatabase.IsPostgres ? ("A", "b@dacorum.example", outcomeB) : ("B", "a@dacorum.example", outcomeA);
        (TestDatabase.IsPostgres ? outcomeA : outcomeB).Succeeded.ShouldBeTrue();
        lost.Succeeded.ShouldBeFalse();
        (lost.Conflict, lost.Counts, lost.Errors.Count).ShouldBe((ImportOutcome.ConflictMessage, null, 0));

        await using var after = await Open("DBC");
        (await after.Results.CountAsync()).ShouldBe(rows.Count); // every row has a comment, so a result
        (await after.Results.Select(r => r.UpdaterComment).Distinct().ToListAsync()).ShouldBe([$"from {winner}"]);
        (await after.AuditLog.CountAsync(e => e.Actor == loser)).ShouldBe(0);
    }

    /// <summary>A unit of work whose SQLite connection gives up after a second when another writer holds the file.</summary>
    private StewardDb OpenWaitingBriefly(string actor)
    {
        var target = _db.Target.Provider == DatabaseProvider.Sqlite
            ? _db.Target with { ConnectionString = new SqliteConnectionStringBuilder(_db.Target.ConnectionString) { DefaultTimeout = 1 }.ToString() }
            : _db.Target;
        var db = target.Open();
        (db.Actor, db.Channel) = (actor, "test");
        return db;
    }

    private StewardDb OpenWith(IInterceptor interceptor, string actor)
    {
        StewardDb db;
        if (_db.Target.Provider == DatabaseProvider.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteStewardDb>();
            _db.Target.Configure(options);
            db = new SqliteStewardDb(options.AddInterceptors(interceptor).Options);
        }
        else
        {
            var options = new DbContextOptionsBuilder<PostgresStewardDb>();
            _db.Target.Configure(options);
            db = new PostgresStewardDb(options.AddInterceptors(interceptor).Options);
        }
        (db.Actor, db.Channel) = (actor, "test");
        return db;
    }

    /// <summary>Once armed, runs an action after the first query of a table has been executed (before its rows are read).</summary>
    private sealed class AfterFirstRead(string table, Func<Task> action) : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains($"\"{table}\"", StringComparison.Ordinal))
            {
                Armed = false;
                await action();
            }
            return result;
        }
    }
}
