using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>Counts of what an import did to indicators, results and targets.</summary>
public sealed record ImportSummary(
    int IndicatorsCreated, int IndicatorsUpdated,
    int ResultsCreated, int ResultsUpdated,
    int TargetsCreated, int TargetsUpdated, int TargetsRemoved,
    int RowsUnchanged);

/// <summary>
/// Indicator definitions and results (with targets) from CSV: validated into a plan, then applied in the
/// call's transaction (see CsvImport). Re-importing updates rows (keyed by code, and code + period),
/// never duplicates them. Results files, which run to millions of rows, are read twice: to check every row (keeping
/// only a compact key per row, to find duplicates) and, when the call has no errors, to write them in chunks: new
/// results and targets by bulk copy, existing ones loaded, compared and saved through the context, audited before → after.
/// </summary>
public static class IndicatorImport
{
    public static readonly FileKind IndicatorsKind = new("indicators",
        ["code", "name", "polarity", "unit", "frequency", "info_only", "amber_tolerance"],
        ["service", "theme", "lead_officer", "data_owner", "description", "decimals", "cumulative", "multiplier", "first_period"]);

    public static readonly FileKind ResultsKind = new("results",
        ["code", "period", "value"],
        ["numerator", "denominator", "target", "comment"]);

    /// <summary>Annual targets: one per indicator and financial year ("CSU10,2017/18,210"); an empty target removes it.</summary>
    public static readonly FileKind TargetsKind = new("targets", ["code", "financial_year", "target"], []);

    public const int MaxDecimals = 6;

    /// <summary>An indicator row, validated. Null fields were absent from the file (leave unchanged).</summary>
    internal sealed record IndicatorRow(
        string File, int Line, string Code, string Name, Polarity Polarity, Unit Unit, Frequency Frequency, bool InfoOnly,
        decimal? Tolerance, int? Decimals, bool? Cumulative, bool HasMultiplier, int? Multiplier,
        string? Service, string? Theme, string? LeadOfficer, string? DataOwner, string? Description,
        bool HasFirstPeriod, Period? FirstPeriod);

    internal sealed record ResultRow(
        string File, int Line, string CodeKey, Period Period,
        bool HasResult, decimal? Value, decimal? Numerator, decimal? Denominator,
        bool HasTarget, decimal? Target, string? Comment);

    internal sealed record AnnualTargetRow(string File, int Line, string CodeKey, int FinancialYear, decimal? Target);

    /// <summary>Rows of results files written per chunk: their existing rows loaded together, their new ones copied together.</summary>
    internal const int ChunkRows = 10_000;

    /// <summary>
    /// What an import will do with the indicator and result files of a call, once validated. Indicator and annual target
    /// rows are kept; results files are kept as files, to be read again when the plan is applied.
    /// </summary>
    public sealed class Plan
    {
        internal Dictionary<string, IndicatorRow> Indicators { get; } = new();
        internal List<ImportTable> ResultTables { get; } = [];

        /// <summary>What each code of the results files was checked against (null: an unknown code), by code key.</summary>
        internal Dictionary<string, Definition?> ResultDefinitions { get; } = new();

        internal Dictionary<(string, int), AnnualTargetRow> AnnualTargets { get; } = new();
        internal Dictionary<string, Indicator> Existing { get; init; } = new();
    }

    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportTable> tables, ImportErrors errors, CancellationToken ct = default)
    {
        var plan = new Plan { Existing = await db.Indicators.ToDictionaryAsync(i => i.CodeKey, ct) };
        var existing = plan.Existing;
        var indicatorRows = plan.Indicators;

        // Indicator files first: later rows (and result files) see the definitions of this call.
        // A duplicate key is named even when the first row has other errors.
        var seenCodes = new SeenKeys<string>();
        foreach (var table in tables.Where(t => t.Kind == IndicatorsKind))
            foreach (var record in table.Records)
            {
                var cells = table.Row(record, errors);
                if (cells.Cell("code") is { Length: > 0 } code && !seenCodes.FirstTime(Indicator.Key(code), cells, "code", $"indicator {code}")) continue;
                if (ReadIndicator(cells) is { } row) indicatorRows[Indicator.Key(row.Code)] = row;
            }

        // What each code will be once this call's indicator rows are applied.
        Definition? DefinitionOf(string key)
        {
            existing.TryGetValue(key, out var e);
            if (indicatorRows.TryGetValue(key, out var r))
                return new(r.Frequency, r.Unit, r.Decimals ?? e?.Decimals ?? 2, Multipliers.Of(r.Unit, MultiplierAfter(r, e)));
            return e is null ? null : new(e.Frequency, e.Unit, e.Decimals, e.FractionMultiplier);
        }

        // Results: every row is checked here, and only its key kept; the rows are read again when the plan is applied.
        var definitions = plan.ResultDefinitions;
        Definition? Checked(string key)
        {
            if (!definitions.TryGetValue(key, out var definition)) definitions[key] = definition = DefinitionOf(key);
            return definition;
        }
        var seenResults = new SeenCodePeriods();
        foreach (var table in tables.Where(t => t.Kind == ResultsKind))
        {
            plan.ResultTables.Add(table);
            foreach (var record in table.Records)
            {
                var cells = table.Row(record, errors);
                if (cells.Cell("code") is { Length: > 0 } code && Period.TryParse(cells.Cell("period"), out var period)
                    && !seenResults.FirstTime(Indicator.Key(code), period, cells, "code", code)) continue;
                ReadResult(cells, Checked);
            }
        }

        var seenYears = new SeenKeys<(string, int)>();
        foreach (var table in tables.Where(t => t.Kind == TargetsKind))
            foreach (var record in table.Records)
            {
                var cells = table.Row(record, errors);
                if (cells.Cell("code") is { Length: > 0 } code && Period.TryParseFinancialYear(cells.Cell("financial_year"), out var year)
                    && !seenYears.FirstTime((Indicator.Key(code), year), cells, "code", $"{code} {Period.FinancialYearLabel(year)}")) continue;
                if (ReadAnnualTarget(cells, key => DefinitionOf(key) is not null) is { } row) plan.AnnualTargets[(row.CodeKey, row.FinancialYear)] = row;
            }

        // A frequency change must not strand existing results or targets on periods the new frequency does not have.
        foreach (var r in indicatorRows.Values.Where(r => existing.TryGetValue(Indicator.Key(r.Code), out var e) && e.Frequency != r.Frequency))
        {
            var indicator = existing[Indicator.Key(r.Code)];
            if (await IndicatorRules.FrequencyChangeProblemAsync(db, indicator, r.Frequency, ct) is { } problem)
                errors.Add(r.File, r.Line, "frequency", problem);
        }
        foreach (var r in indicatorRows.Values)
            if (existing.TryGetValue(Indicator.Key(r.Code), out var indicator) &&
                await IndicatorRules.MultiplierChangeProblemAsync(db, indicator, r.Unit, MultiplierAfter(r, indicator), ct) is { } problem)
                errors.Add(r.File, r.Line, r.HasMultiplier ? "multiplier" : "unit", problem);
        return plan;
    }

    /// <summary>
    /// Applies a validated plan (inside the caller's transaction): indicators, then results and targets. Results files
    /// are read again; throws <see cref="ImportFileChangedException"/> when one is no longer the file that was checked
    /// (the caller rolls back).
    /// </summary>
    public static async Task<ImportSummary> ApplyAsync(StewardDb db, Plan plan, CancellationToken ct = default)
    {
        var (created, updated) = await ApplyIndicatorsAsync(db, plan.Indicators.Values, plan.Existing, ct);
        var results = await ApplyResultsAsync(db, plan, ct);
        var annual = await ApplyAnnualTargetsAsync(db, plan.AnnualTargets.Values, plan.Existing, ct);
        return new ImportSummary(created, updated, results.ResultsCreated, results.ResultsUpdated,
            results.TargetsCreated + annual.Created, results.TargetsUpdated + annual.Updated, results.TargetsRemoved + annual.Removed,
            plan.Indicators.Count - created - updated + results.Unchanged + annual.Unchanged);
    }

    /// <summary>The multiplier an indicator has after its row: the row's, else the stored one, which a change to percent clears.</summary>
    private static int? MultiplierAfter(IndicatorRow r, Indicator? stored) =>
        r.HasMultiplier ? r.Multiplier : r.Unit == Unit.Percent ? null : stored?.Multiplier;

    /// <summary>What a result row is checked against: its indicator as it will be once the call's indicator rows are applied.</summary>
    internal sealed record Definition(Frequency Frequency, Unit Unit, int Decimals, int Multiplier);

    private static IndicatorRow? ReadIndicator(ImportRow row)
    {
        var code = row.Required("code", 64);
        if (code.Length > 0 && !Indicator.IsValidCode(code))
            row.Error("code", $"'{code}' is not a valid code: letters, digits and _ . - / only, starting with a letter or digit");
        var name = row.Required("name", 300);

        Polarity? polarity = null;
        var p = row.Cell("polarity");
        if (string.IsNullOrEmpty(p)) row.Error("polarity", "is empty: write higher or lower");
        else if (!MeasureNames.TryParsePolarity(p, out polarity)) row.Error("polarity", $"'{p}' is not higher or lower");

        Unit? unit = null;
        var u = row.Cell("unit");
        if (string.IsNullOrEmpty(u)) row.Error("unit", "is empty: write percent, number, days, seconds, score or currency");
        else if (!MeasureNames.TryParseUnit(u, out unit)) row.Error("unit", $"'{u}' is not one of percent, number, days, seconds, score, currency");

        Frequency? frequency = null;
        var f = row.Cell("frequency");
        if (string.IsNullOrEmpty(f)) row.Error("frequency", "is empty: write monthly, quarterly or annual");
        else if (!FrequencyNames.TryParse(f, out frequency))
            row.Error("frequency", f.Equals("termly", StringComparison.OrdinalIgnoreCase)
                ? "termly indicators are not supported yet: use monthly, quarterly or annual"
                : $"'{f}' is not monthly, quarterly or annual");

        var infoOnly = row.Boolean("info_only");
        if (infoOnly is null && string.IsNullOrEmpty(row.Cell("info_only"))) row.Error("info_only", "is empty: write true or false");

        var tolerance = row.Number("amber_tolerance", out var tolOk);
        if (tolerance < 0) { row.Error("amber_tolerance", "cannot be negative"); tolOk = false; }
        else if (tolerance > 1000) { row.Error("amber_tolerance", "cannot be more than 1000 (percent)"); tolOk = false; }

        int? decimals = null;
        if (row.Has("decimals"))
        {
            var d = row.Number("decimals", out var dOk);
            if (d is { } dv)
            {
                if (dv != decimal.Truncate(dv) || dv < 0 || dv > MaxDecimals) row.Error("decimals", $"'{row.Cell("decimals")}' is not a whole number from 0 to {MaxDecimals}");
                else decimals = (int)dv;
            }
            else if (dOk) decimals = 2; // empty cell: the default
        }
        var cumulative = row.Has("cumulative") ? row.Boolean("cumulative") ?? false : (bool?)null;

        // The first period data is collected for (before it the dashboard shows no data expected); empty: from the first result or target.
        Period? firstPeriod = null;
        var firstOk = true;
        if (row.Cell("first_period") is { Length: > 0 } first)
        {
            if (!Period.TryParse(first, out var fp))
            {
                row.Error("first_period", $"'{first}' is not a period: write YYYY-MM, the month in which the first period ends");
                firstOk = false;
            }
            else if (frequency is { } fq && !fp.Ends(fq))
            {
                row.Error("first_period", $"{first} does not end a {fq.PeriodNoun()}: the indicator is {fq.Name()}");
                firstOk = false;
            }
            else firstPeriod = fp;
        }

        // Absent: unchanged; empty: the unit's own (100 for percent, else 1).
        int? multiplier = null;
        var multiplierOk = true;
        if (row.Has("multiplier") && row.Cell("multiplier") is { Length: > 0 } m)
        {
            multiplierOk = false;
            if (!int.TryParse(m, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var mv) || !Multipliers.Allowed.Contains(mv))
                row.Error("multiplier", $"'{m}' is not one of {string.Join(", ", Multipliers.Allowed)}");
            else if (unit is { } un && Multipliers.Problem(un, mv) is { } problem) row.Error("multiplier", problem);
            else (multiplier, multiplierOk) = (mv, true);
        }

        var service = row.Text("service", 200);
        var theme = row.Text("theme", 200);
        var lead = row.Text("lead_officer", 200);
        var owner = row.Text("data_owner", 200);
        var description = row.Text("description", 4000);

        if (polarity is null || unit is null || frequency is null || infoOnly is null || !tolOk || !firstOk || code.Length == 0 || name.Length == 0 || !Indicator.IsValidCode(code))
            return null;
        if (row.Has("decimals") && decimals is null) return null;
        if (!multiplierOk) return null;
        return new IndicatorRow(row.FileName, row.Line, code, name, polarity.Value, unit.Value, frequency.Value, infoOnly.Value,
            tolerance, decimals, cumulative, row.Has("multiplier"), multiplier, service, theme, lead, owner, description, row.Has("first_period"), firstPeriod);
    }

    private static ResultRow? ReadResult(ImportRow row, Func<string, Definition?> definition)
    {
        var code = row.Required("code", 64);
        var key = Indicator.Key(code);
        var def = code.Length > 0 ? definition(key) : null;
        if (code.Length > 0 && def is null) row.Error("code", $"unknown indicator code {code}");

        var periodText = row.Cell("period") ?? "";
        Period period = default;
        var periodOk = false;
        if (periodText.Length == 0) row.Error("period", "is empty: write YYYY-MM, the month in which the period ends");
        else if (!Period.TryParse(periodText, out period)) row.Error("period", $"'{periodText}' is not a period: write YYYY-MM, the month in which the period ends");
        else if (def is { } d && !period.Ends(d.Frequency))
            row.Error("period", $"{periodText} does not end a {d.Frequency.PeriodNoun()}: {code} is {d.Frequency.Name()}" +
                                (d.Frequency == Frequency.Quarterly ? " (quarters end in Jun, Sep, Dec and Mar)" : " (financial years end in Mar)"));
        else periodOk = true;

        var value = row.Number("value", out var valueOk);
        var numerator = row.Number("numerator", out var numOk);
        var denominator = row.Number("denominator", out var denOk);
        var target = row.Number("target", out var targetOk);
        var comment = row.Text("comment", TextRules.MaxCommentLength);

        // A comment without figures is a result without a value ("Q1 figures yet to be confirmed", "Figure withdrawn"):
        // it is kept, and clears any value stored for the period. A row with neither figures nor a comment carries only its target.
        var hasFigures = value is not null || numerator is not null || denominator is not null;
        var hasResult = hasFigures || !string.IsNullOrEmpty(comment);
        var hasTarget = row.Has("target");
        if (valueOk && numOk && denOk && !hasResult && !hasTarget)
            row.Error("value", "is empty: give a value, a numerator and denominator, or a target");

        decimal? resolved = null;
        if (def is { } def2 && valueOk && numOk && denOk && hasFigures)
        {
            var resolution = ResultValues.Resolve(value, numerator, denominator, def2.Multiplier, def2.Decimals);
            if (resolution.IsError) row.Error(resolution.ErrorField!, resolution.ErrorMessage!);
            else resolved = resolution.Value;
        }

        if (def is null || !periodOk || !valueOk || !numOk || !denOk || !targetOk) return null;
        if (hasFigures && resolved is null && !(numerator == 0 && denominator == 0)) return null;
        if (!hasResult && !hasTarget) return null;
        return new ResultRow(row.FileName, row.Line, key, period, hasResult, resolved, numerator, denominator, hasTarget, target, comment);
    }

    private static AnnualTargetRow? ReadAnnualTarget(ImportRow row, Func<string, bool> known)
    {
        var code = row.Required("code", 64);
        if (code.Length > 0 && !known(Indicator.Key(code))) row.Error("code", $"unknown indicator code {code}");
        var yearText = row.Cell("financial_year") ?? "";
        var yearOk = Period.TryParseFinancialYear(yearText, out var year);
        if (yearText.Length == 0) row.Error("financial_year", "is empty: write the financial year as 2017/18");
        else if (!yearOk) row.Error("financial_year", $"'{yearText}' is not a financial year: write it as 2017/18 (April 2017 to March 2018)");
        var target = row.Number("target", out var targetOk);
        if (row.ErrorCount > 0 || !targetOk) return null;
        return new AnnualTargetRow(row.FileName, row.Line, Indicator.Key(code), year, target);
    }

    private static async Task<(int Created, int Updated, int Removed, int Unchanged)> ApplyAnnualTargetsAsync(
        StewardDb db, IEnumerable<AnnualTargetRow> rows, Dictionary<string, Indicator> indicators, CancellationToken ct)
    {
        var list = rows.ToList();
        if (list.Count == 0) return (0, 0, 0, 0);
        var ids = list.Select(r => indicators[r.CodeKey].Id).Distinct().ToList();
        var existing = (await db.AnnualTargets.Where(t => ids.Contains(t.IndicatorId)).ToListAsync(ct)).ToDictionary(t => (t.IndicatorId, t.FinancialYear));
        int created = 0, updated = 0, removed = 0, unchanged = 0;
        foreach (var r in list)
        {
            var indicator = indicators[r.CodeKey];
            existing.TryGetValue((indicator.Id, r.FinancialYear), out var target);
            if (r.Target is { } value)
            {
                if (target is null)
                {
                    db.AnnualTargets.Add(existing[(indicator.Id, r.FinancialYear)] = new AnnualTarget { Indicator = indicator, FinancialYear = r.FinancialYear, Value = value });
                    created++;
                }
                else if (target.Value != value) { target.Value = value; updated++; }
                else unchanged++;
            }
            else if (target is not null)
            {
                db.AnnualTargets.Remove(target);
                existing.Remove((indicator.Id, r.FinancialYear));
                removed++;
            }
            else unchanged++;
        }
        await db.SaveChangesAsync(ct);
        return (created, updated, removed, unchanged);
    }

    private static async Task<(int Created, int Updated)> ApplyIndicatorsAsync(
        StewardDb db, IEnumerable<IndicatorRow> rows, Dictionary<string, Indicator> existing, CancellationToken ct)
    {
        var list = rows.ToList();
        if (list.Count == 0) return (0, 0);
        var names = new NameResolver(db);

        var created = 0;
        var touched = new List<Indicator>();
        foreach (var r in list)
        {
            var key = Indicator.Key(r.Code);
            var isNew = !existing.TryGetValue(key, out var indicator);
            if (indicator is null)
            {
                indicator = new Indicator { Code = r.Code, CodeKey = key, Name = r.Name };
                db.Indicators.Add(indicator);
                existing[key] = indicator;
            }
            indicator.Code = r.Code;
            indicator.Name = r.Name;
            indicator.Polarity = r.Polarity;
            indicator.Unit = r.Unit;
            indicator.Frequency = r.Frequency;
            indicator.InfoOnly = r.InfoOnly;
            indicator.Tolerance = r.Tolerance;
            if (r.Decimals is { } d) indicator.Decimals = d;
            if (r.Cumulative is { } c) indicator.Cumulative = c;
            if (r.HasFirstPeriod) indicator.FirstPeriod = r.FirstPeriod;
            indicator.Multiplier = MultiplierAfter(r, indicator);
            if (r.Description is not null) indicator.Description = r.Description.Length == 0 ? null : r.Description;
            if (r.Service is not null) indicator.SetService(await names.ServiceAsync(r.Service, ct));
            if (r.Theme is not null) indicator.SetTheme(await names.ThemeAsync(r.Theme, ct));
            if (r.LeadOfficer is not null) indicator.SetLeadOfficer(await names.PersonAsync(r.LeadOfficer, ct));
            if (r.DataOwner is not null) indicator.SetDataOwner(await names.PersonAsync(r.DataOwner, ct));

            if (isNew) created++;
            else touched.Add(indicator);
        }
        db.ChangeTracker.DetectChanges();
        var updated = touched.Count(i => db.Entry(i).State == EntityState.Modified);
        await db.SaveChangesAsync(ct);
        return (created, updated);
    }

    private sealed record ResultCounts(int ResultsCreated, int ResultsUpdated, int TargetsCreated, int TargetsUpdated, int TargetsRemoved, int Unchanged);

    /// <summary>An indicator's id and a period as one number: the key of results and period targets.</summary>
    private static long KeyOf(int indicatorId, Period period) => PackedKeys.Of(indicatorId, period);

    /// <summary>The most database pages SQLite keeps in memory while an import writes results (see <see cref="BulkInsert.LargerCacheAsync"/>).</summary>
    private const int CacheMegabytes = 64;

    /// <summary>
    /// Reads the results files again and writes their rows, a chunk at a time: the ids of the existing results and period
    /// targets of the files' indicators are read first (in this transaction, so as they are now); each chunk's existing
    /// rows are then loaded, compared and saved (audited before → after) and its new rows copied in bulk. The files are
    /// read and their rows parsed on another thread, a couple of chunks ahead of the writing.
    /// </summary>
    private static async Task<ResultCounts> ApplyResultsAsync(StewardDb db, Plan plan, CancellationToken ct)
    {
        if (plan.ResultTables.Count == 0) return new(0, 0, 0, 0, 0, 0);
        await using var cache = await BulkInsert.LargerCacheAsync(db, CacheMegabytes, ct);
        var indicators = plan.Existing;
        var ids = plan.ResultDefinitions.Where(d => d.Value is not null).Select(d => indicators[d.Key].Id).Distinct().Order().ToList();
        var results = new Dictionary<long, int>(PackedKeys.Comparer);
        var targets = new Dictionary<long, int>(PackedKeys.Comparer);
        foreach (var some in ids.Chunk(500))
        {
            await foreach (var r in db.Results.AsNoTracking().Where(r => some.Contains(r.IndicatorId))
                               .Select(r => new { r.Id, r.IndicatorId, r.Period }).AsAsyncEnumerable().WithCancellation(ct))
                results[KeyOf(r.IndicatorId, r.Period)] = r.Id;
            await foreach (var t in db.Targets.AsNoTracking().Where(t => some.Contains(t.IndicatorId))
                               .Select(t => new { t.Id, t.IndicatorId, t.Period }).AsAsyncEnumerable().WithCancellation(ct))
                targets[KeyOf(t.IndicatorId, t.Period)] = t.Id;
        }

        var writer = new ResultWriter(db, indicators, results, targets, DateTime.UtcNow);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chunks = Channel.CreateBounded<List<ResultRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() =>
        {
            try
            {
                ReadAgain(plan, chunks.Writer, stop.Token);
            }
            finally
            {
                chunks.Writer.TryComplete();
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(ct)) await writer.WriteAsync(chunk, ct);
        }
        catch
        {
            await stop.CancelAsync();
            await reading.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
        await reading; // a file that changed since it was checked ends here, its rows so far written and now rolled back
        return writer.Counts;
    }

    /// <summary>
    /// Reads the results files a second time, in chunks of <see cref="ChunkRows"/> checked rows. Throws
    /// <see cref="ImportFileChangedException"/> when a file has an error now, or other bytes than it had when checked.
    /// </summary>
    private static void ReadAgain(Plan plan, ChannelWriter<List<ResultRow>> chunks, CancellationToken ct)
    {
        var chunk = new List<ResultRow>(ChunkRows);
        foreach (var table in plan.ResultTables)
        {
            var again = new ImportErrors();
            using var reread = ImportTable.Read(table.File, [ResultsKind], again) ?? throw ImportFileChangedException.For(table);
            foreach (var record in reread.Records)
            {
                if (ReadResult(reread.Row(record, again), key => plan.ResultDefinitions.GetValueOrDefault(key)) is not { } row) continue;
                chunk.Add(row);
                if (chunk.Count < ChunkRows) continue;
                chunks.WriteAsync(chunk, ct).AsTask().GetAwaiter().GetResult();
                chunk = new List<ResultRow>(ChunkRows);
            }
            if (again.Any || reread.RowCount != table.RowCount || reread.Sha256() != table.Sha256()) throw ImportFileChangedException.For(table);
        }
        if (chunk.Count > 0) chunks.WriteAsync(chunk, ct).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Writes checked result rows: the rules of an import, a chunk at a time.</summary>
    private sealed class ResultWriter(StewardDb db, Dictionary<string, Indicator> indicators, Dictionary<long, int> results, Dictionary<long, int> targets, DateTime now)
    {
        private int _rc, _ru, _tc, _tu, _tr, _unchanged;
        private int? _nextResult, _nextTarget;

        /// <summary>Changed rows saved together.</summary>
        private const int SaveRows = 2_000;

        public ResultCounts Counts => new(_rc, _ru, _tc, _tu, _tr, _unchanged);

        private T Owned<T>(T row) where T : IOrganisationOwned => row.OrganisationId == db.OrganisationId ? row
            : throw new InvalidOperationException($"{typeof(T).Name} of organisation {row.OrganisationId} read while acting for organisation {db.OrganisationId}.");

        public async Task WriteAsync(List<ResultRow> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            // The rows already in the database, read untracked; those that change are attached, so that saving them checks
            // their versions and audits each change before → after, as any edit.
            var resultIds = new List<int>();
            var targetIds = new List<int>();
            foreach (var r in rows)
            {
                var key = KeyOf(indicators[r.CodeKey].Id, r.Period);
                if (r.HasResult && results.TryGetValue(key, out var id)) resultIds.Add(id);
                if (r.HasTarget && targets.TryGetValue(key, out var tid)) targetIds.Add(tid);
            }
            // By key alone: under the organisation's filter as well, SQLite (which has no statistics) walks the organisation's
            // index instead of seeking each key, a second per thousand rows of a large council. The ids were read under the
            // filter; each row is checked here, and again by the context when saved.
            var loadedResults = new Dictionary<int, Result>(resultIds.Count);
            foreach (var some in resultIds.Chunk(1000))
                foreach (var x in await db.Results.AsNoTracking().IgnoreQueryFilters().Where(x => some.Contains(x.Id)).ToListAsync(ct)) loadedResults[x.Id] = Owned(x);
            var loadedTargets = new Dictionary<int, Target>(targetIds.Count);
            foreach (var some in targetIds.Chunk(1000))
                foreach (var x in await db.Targets.AsNoTracking().IgnoreQueryFilters().Where(x => some.Contains(x.Id)).ToListAsync(ct)) loadedTargets[x.Id] = Owned(x);
            // A row gone since its id was read was deleted by someone else meanwhile.
            if (loadedResults.Count != resultIds.Count || loadedTargets.Count != targetIds.Count)
                throw new DbUpdateConcurrencyException("A result or target changed by this import was deleted while it ran.");

            var newResults = new List<Result>();
            var newTargets = new List<Target>();
            var changing = new List<object>();
            foreach (var r in rows)
            {
                var indicator = indicators[r.CodeKey];
                var key = KeyOf(indicator.Id, r.Period);
                var changed = false;
                if (r.HasResult)
                {
                    Result result;
                    if (!results.TryGetValue(key, out var id))
                    {
                        newResults.Add(result = new Result { IndicatorId = indicator.Id, Period = r.Period });
                        _rc++;
                        changed = true;
                    }
                    else
                    {
                        result = loadedResults[id];
                        if (result.Value != r.Value || result.Numerator != r.Numerator || result.Denominator != r.Denominator ||
                            result.Status != ApprovalStatus.Approved || (r.Comment is not null && (result.UpdaterComment ?? "") != r.Comment))
                        {
                            db.Results.Attach(result);
                            changing.Add(result);
                            _ru++;
                            changed = true;
                        }
                    }
                    if (changed)
                    {
                        result.Value = r.Value;
                        result.Numerator = r.Numerator;
                        result.Denominator = r.Denominator;
                        if (r.Comment is not null) result.UpdaterComment = r.Comment.Length == 0 ? null : r.Comment;
                        result.Status = ApprovalStatus.Approved;
                        result.EnteredBy = db.Actor;
                        result.EnteredAt = now;
                        result.ApprovedBy = db.Actor;
                        result.ApprovedAt = now;
                    }
                }
                if (r.HasTarget)
                {
                    var target = targets.TryGetValue(key, out var tid) ? loadedTargets[tid] : null;
                    if (r.Target is { } tv)
                    {
                        if (target is null)
                        {
                            newTargets.Add(new Target { IndicatorId = indicator.Id, Period = r.Period, Value = tv });
                            _tc++;
                            changed = true;
                        }
                        else if (target.Value != tv)
                        {
                            db.Targets.Attach(target);
                            changing.Add(target);
                            target.Value = tv;
                            _tu++;
                            changed = true;
                        }
                    }
                    else if (target is not null)
                    {
                        db.Targets.Remove(target);
                        changing.Add(target);
                        targets.Remove(key);
                        _tr++;
                        changed = true;
                    }
                }
                if (!changed) _unchanged++;
                if (changing.Count >= SaveRows) await SaveAsync(changing, ct);
            }

            if (db.Database.IsSqlite())
            {
                // Numbered in the file's order, then inserted in index order, so that the inserts sweep the (indicator,
                // period) indexes instead of jumping about them: on SQLite the index pages are the cost of an insert.
                var (nextResult, nextTarget) = (_nextResult ?? await BulkInsert.NextKeyAsync<Result>(db, ct), _nextTarget ?? await BulkInsert.NextKeyAsync<Target>(db, ct));
                foreach (var x in newResults) x.Id = nextResult++;
                foreach (var x in newTargets) x.Id = nextTarget++;
                (_nextResult, _nextTarget) = (nextResult, nextTarget);
                newResults.Sort(static (a, b) => KeyOf(a.IndicatorId, a.Period).CompareTo(KeyOf(b.IndicatorId, b.Period)));
                newTargets.Sort(static (a, b) => KeyOf(a.IndicatorId, a.Period).CompareTo(KeyOf(b.IndicatorId, b.Period)));
            }
            if (newResults.Count > 0) await BulkInsert.RowsAsync(db, newResults, ct);
            if (newTargets.Count > 0) await BulkInsert.RowsAsync(db, newTargets, ct);
            await SaveAsync(changing, ct);
        }

        /// <summary>Saves the changed rows (the context audits them) and lets them go, so that it holds a few thousand at a time.</summary>
        private async Task SaveAsync(List<object> changing, CancellationToken ct)
        {
            if (changing.Count == 0) return;
            await db.SaveChangesAsync(ct);
            // Just saved, nothing is pending: finding the entries to let go needs no second scan of the tracked indicators.
            var detect = db.ChangeTracker.AutoDetectChangesEnabled;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var x in changing) db.Entry(x).State = EntityState.Detached;
                foreach (var entry in db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Unchanged).ToList()) entry.State = EntityState.Detached;
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = detect;
            }
            changing.Clear();
        }
    }
}
