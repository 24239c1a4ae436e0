using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Finance;

/// <summary>What a call imported of budget monitoring (<see cref="FinanceImport"/>).</summary>
public sealed record FinanceImportCounts(int LinesCreated, int ForecastsCreated, int ForecastsUpdated, int ReservesCreated, int ReserveForecastsCreated, int ReserveForecastsUpdated)
{
    public int SchemesCreated { get; init; }
    public int SchemeYearsCreated { get; init; }
    public int SchemeYearsUpdated { get; init; }
    public bool HadCapital { get; init; }
    public int SavingsCreated { get; init; }
    public int SavingForecastsCreated { get; init; }
    public int SavingForecastsUpdated { get; init; }
    public bool HadSavings { get; init; }

    public string Describe() =>
        $"budget lines: {LinesCreated} created, forecasts: {ForecastsCreated} created, {ForecastsUpdated} updated; " +
        $"reserves: {ReservesCreated} created, forecasts: {ReserveForecastsCreated} created, {ReserveForecastsUpdated} updated" +
        (HadCapital ? $"; capital schemes: {SchemesCreated} created, years: {SchemeYearsCreated} created, {SchemeYearsUpdated} updated" : "") +
        (HadSavings ? $"; savings: {SavingsCreated} created, delivery reports: {SavingForecastsCreated} created, {SavingForecastsUpdated} updated" : "");
}

/// <summary>
/// Imports budget monitoring from a finance system's CSV, a month at a time, with the rules of every import (columns by
/// name, each error named by file, line and column, all-or-nothing with the rest of the call): each budget line's
/// current budget, forecast out-turn and actual to date (seed 004 Table 1), and each reserve's opening and forecast
/// closing balance (Table 3). Money is pounds, exact to the penny, signed: "-47000.00" (or as the papers print it,
/// "(47,000)"). A line is known by its committee, service, kind and name; a month's figures replace that month's.
/// </summary>
public static class FinanceImport
{
    public static readonly FileKind LinesKind = new("budget lines", ["committee", "service", "line", "kind", "period", "budget", "forecast"],
        ["actual", "variance", "commentary"]);

    public static readonly FileKind ReservesKind = new("reserves", ["committee", "reserve", "period", "opening", "forecast_closing"], ["change"]);

    public static readonly FileKind CapitalKind = new("capital programme", ["committee", "scheme", "year", "planned"], ["forecast", "actual"]);

    public static readonly FileKind SavingsKind = new("savings", ["committee", "service", "line", "saving", "year", "amount", "period", "rag", "forecast"], ["owner", "commentary"]);

    public static readonly IReadOnlyList<FileKind> Kinds = [LinesKind, ReservesKind, CapitalKind, SavingsKind];

    internal sealed record LineRow(int CommitteeId, string Service, string Line, Domain.BudgetKind Kind, Period Period, decimal Budget, decimal Forecast,
        decimal? Actual, string? Commentary);

    internal sealed record ReserveRow(int CommitteeId, string Reserve, Period Period, decimal Opening, decimal ForecastClosing);

    internal sealed record SavingRow(int CommitteeId, string Service, string Line, string Saving, int Year, decimal Amount, Period Period, Rag Rag, decimal Forecast,
        string? Owner, string? Commentary);

    internal sealed record CapitalRow(int CommitteeId, string Scheme, int Year, decimal Planned, decimal? Forecast, decimal? Actual);

    public sealed class Plan
    {
        internal List<LineRow> Lines { get; } = [];
        internal List<ReserveRow> Reserves { get; } = [];
        internal List<CapitalRow> Capital { get; } = [];
        internal List<SavingRow> Savings { get; } = [];
        public bool IsEmpty => Lines.Count == 0 && Reserves.Count == 0 && Capital.Count == 0 && Savings.Count == 0;
    }

    /// <summary>
    /// Reads the budget and reserves files among <paramref name="tables"/>, checking each row: the committee is one of the
    /// council's (by code or name), the month a YYYY-MM up to <paramref name="today"/>'s, amounts pounds to the penny, and a
    /// variance or change given agrees with the figures, and a line whose overspend passes the council's threshold has its
    /// commentary (<see cref="BudgetRules.NeedsCommentary"/>). Writes nothing.
    /// </summary>
    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportTable> tables, ImportErrors errors, DateOnly today, CancellationToken ct)
    {
        var plan = new Plan();
        if (!tables.Any(t => Kinds.Contains(t.Kind))) return plan;
        var committees = await db.Committees.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var threshold = await db.Organisations.Where(o => o.Id == db.OrganisationId).Select(o => o.BudgetVarianceThreshold).SingleAsync(ct);
        var seenLines = new SeenKeys<(int, string, Domain.BudgetKind, string, Period)>();
        var seenReserves = new SeenKeys<(int, string, Period)>();
        var seenSchemes = new SeenKeys<(int, string, int)>();
        var seenSavings = new SeenKeys<(int, string, string, string, int, Period)>();
        // Savings come from revenue lines already held, or given in the same call.
        var knownLines = (await db.BudgetLines.AsNoTracking().Where(l => l.Kind == Domain.BudgetKind.Revenue).Select(l => new { l.CommitteeId, Service = l.Service!.Name, l.Name }).ToListAsync(ct))
            .Select(l => (l.CommitteeId, l.Service.Trim().ToUpperInvariant(), l.Name.Trim().ToUpperInvariant())).ToHashSet();
        foreach (var table in tables.Where(t => Kinds.Contains(t.Kind)))
            foreach (var record in table.Records)
            {
                var row = table.Row(record, errors);
                var committeeText = row.Required("committee", 300);
                var committee = committees.FirstOrDefault(c => Same(c.Code, committeeText)) ?? committees.FirstOrDefault(c => Same(c.Name, committeeText));
                if (committee is null && committeeText.Length > 0)
                    row.Error("committee", $"no committee '{committeeText}': give a committee's code or name, as on the committees page");
                if (table.Kind == CapitalKind)
                {
                    var scheme = row.Required("scheme", 300);
                    var year = FinancialYear(row);
                    var planned = Pounds(row, "planned", required: true);
                    var (forecastSpend, actualSpend) = (Pounds(row, "forecast"), Pounds(row, "actual"));
                    if (committee is not null && year is { } y && scheme.Length > 0
                        && !seenSchemes.FirstTime((committee.Id, scheme.ToUpperInvariant(), y), row, "scheme", $"{scheme} for {Period.FinancialYearLabel(y)}"))
                        continue;
                    if (row.ErrorCount == 0) plan.Capital.Add(new CapitalRow(committee!.Id, scheme, year!.Value, planned!.Value, forecastSpend, actualSpend));
                    continue;
                }
                var period = Month(row, today);
                if (table.Kind == SavingsKind)
                {
                    var (service, line, saving) = (row.Required("service", 200), row.Required("line", 300), row.Required("saving", 300));
                    var year = FinancialYear(row);
                    var amount = Pounds(row, "amount", required: true);
                    if (amount is <= 0) row.Error("amount", "is the amount to save in the year: more than 0");
                    var rag = row.Rating("rag");
                    var forecastSaving = Pounds(row, "forecast", required: true);
                    if (year is { } y && period is { } pm && pm.FinancialYear != y)
                        row.Error("period", $"{pm} is not in {Period.FinancialYearLabel(y)}: report a saving's delivery in the months of its year");
                    if (committee is not null && service.Length > 0 && line.Length > 0 && !knownLines.Contains((committee.Id, service.ToUpperInvariant(), line.ToUpperInvariant()))
                        && !plan.Lines.Any(l => l.CommitteeId == committee.Id && l.Kind == Domain.BudgetKind.Revenue && Same(l.Service, service) && Same(l.Line, line)))
                        row.Error("line", $"no revenue budget line '{line}' under {service} for the committee: import the budget lines first");
                    if (committee is not null && year is { } y2 && period is { } p2 && saving.Length > 0
                        && !seenSavings.FirstTime((committee.Id, service.ToUpperInvariant(), line.ToUpperInvariant(), saving.ToUpperInvariant(), y2, p2), row, "saving", $"{saving} for {p2}"))
                        continue;
                    if (row.ErrorCount == 0)
                        plan.Savings.Add(new SavingRow(committee!.Id, service, line, saving, year!.Value, amount!.Value, period!.Value, rag!.Value, forecastSaving!.Value,
                            Blank(row.Text("owner", 200)), Blank(row.Text("commentary", TextRules.MaxCommentLength))));
                    continue;
                }
                if (table.Kind == LinesKind)
                {
                    var service = row.Required("service", 200);
                    var line = row.Required("line", 300);
                    var kindText = row.Required("kind");
                    Domain.BudgetKind? kind = Words.TryParse(kindText, out Domain.BudgetKind? k, ("revenue", Domain.BudgetKind.Revenue), ("capital", Domain.BudgetKind.Capital)) ? k : null;
                    if (kind is null && kindText.Length > 0) row.Error("kind", $"'{kindText}' is not revenue or capital");
                    var budget = Pounds(row, "budget", required: true);
                    var forecast = Pounds(row, "forecast", required: true);
                    var actual = Pounds(row, "actual");
                    if (Pounds(row, "variance") is { } variance && budget is { } b && forecast is { } f && variance != BudgetRules.Variance(b, f))
                        row.Error("variance", $"is {Numbers.Plain(variance)} but forecast − budget is {Numbers.Plain(BudgetRules.Variance(b, f))}");
                    var commentary = row.Text("commentary", TextRules.MaxCommentLength);
                    if (budget is { } b2 && forecast is { } f2 && BudgetRules.NeedsCommentary(BudgetRules.Variance(b2, f2), threshold) && string.IsNullOrWhiteSpace(commentary))
                        row.Error("commentary", $"is needed: the forecast overspend of {Show.Money(BudgetRules.Variance(b2, f2))} passes the council's threshold of {Show.Money(threshold)}");
                    if (committee is not null && period is { } p && kind is { } kd && service.Length > 0 && line.Length > 0
                        && !seenLines.FirstTime((committee.Id, service.ToUpperInvariant(), kd, line.ToUpperInvariant(), p), row, "line", $"{line} ({service}, {kindText}) for {p}"))
                        continue;
                    if (row.ErrorCount == 0)
                        plan.Lines.Add(new LineRow(committee!.Id, service, line, kind!.Value, period!.Value, budget!.Value, forecast!.Value, actual, Blank(commentary)));
                }
                else
                {
                    var reserve = row.Required("reserve", 300);
                    var opening = Pounds(row, "opening", required: true);
                    var closing = Pounds(row, "forecast_closing", required: true);
                    if (Pounds(row, "change") is { } change && opening is { } o && closing is { } c && change != BudgetRules.Change(o, c))
                        row.Error("change", $"is {Numbers.Plain(change)} but forecast_closing − opening is {Numbers.Plain(BudgetRules.Change(o, c))}");
                    if (committee is not null && period is { } p && reserve.Length > 0
                        && !seenReserves.FirstTime((committee.Id, reserve.ToUpperInvariant(), p), row, "reserve", $"{reserve} for {p}"))
                        continue;
                    if (row.ErrorCount == 0) plan.Reserves.Add(new ReserveRow(committee!.Id, reserve, period!.Value, opening!.Value, closing!.Value));
                }
            }
        return plan;
    }

    /// <summary>A financial year written "2018/19", "2018-19" or "2018" (the year it starts), from 2000 to 2099.</summary>
    private static int? FinancialYear(ImportRow row)
    {
        var text = row.Cell("year") ?? "";
        if (text.Length == 0) row.Error("year", "is empty");
        else if (System.Text.RegularExpressions.Regex.Match(text, @"^(20\d\d)(?:[/-](\d\d))?$") is { Success: true } m
                 && (!m.Groups[2].Success || int.Parse(m.Groups[2].Value) == (int.Parse(m.Groups[1].Value) + 1) % 100))
            return int.Parse(m.Groups[1].Value);
        else row.Error("year", $"'{text}' is not a financial year: write 2018/19 (or 2018, the year it starts)");
        return null;
    }

    private static Period? Month(ImportRow row, DateOnly today)
    {
        var text = row.Cell("period") ?? "";
        if (text.Length == 0) row.Error("period", "is empty");
        else if (!Period.TryParse(text, out var period)) row.Error("period", $"'{text}' is not a month: write YYYY-MM, like 2017-09 for P6 of 2017/18");
        else if (period > new Period(today.Year, today.Month)) row.Error("period", $"{period} has not started: figures are for this month or one before it");
        else return period;
        return null;
    }

    private static decimal? Pounds(ImportRow row, string column, bool required = false)
    {
        var text = row.Cell(column) ?? "";
        if (text.Length == 0)
        {
            if (required) row.Error(column, "is empty");
            return null;
        }
        if (Money.TryParseSignedPounds(text, out var pounds)) return pounds;
        row.Error(column, $"'{text}' is not an amount in pounds: write signed pounds and pence, like -47000.00");
        return null;
    }

    /// <summary>Applies a checked plan: lines and reserves made where new, each month's figures made or replaced (changes audited).</summary>
    public static async Task<FinanceImportCounts?> ApplyAsync(StewardDb db, Plan plan, CancellationToken ct)
    {
        if (plan.IsEmpty) return null;
        var names = new NameResolver(db);
        var periods = plan.Lines.Select(l => l.Period).Concat(plan.Reserves.Select(r => r.Period)).Distinct().ToList();

        var lines = (await db.BudgetLines.Include(l => l.Service).ToListAsync(ct)).ToDictionary(l => LineKey(l.CommitteeId, l.Kind, l.Service!.Name, l.Name));
        var position = lines.Values.Select(l => l.Position).DefaultIfEmpty(0).Max();
        var byId = lines.Values.ToDictionary(l => l.Id);
        var forecasts = (await db.BudgetForecasts.Where(f => periods.Contains(f.Period)).ToListAsync(ct)).ToDictionary(f => (byId[f.LineId], f.Period));
        var (linesCreated, created, updated) = (0, 0, 0);
        foreach (var r in plan.Lines)
        {
            var key = LineKey(r.CommitteeId, r.Kind, r.Service, r.Line);
            if (!lines.TryGetValue(key, out var line))
            {
                var service = (await names.ServiceAsync(r.Service, ct))!;
                line = lines[key] = db.BudgetLines.Add(new BudgetLine { CommitteeId = r.CommitteeId, Service = service, Name = r.Line.Trim(), Kind = r.Kind, Position = ++position }).Entity;
                linesCreated++;
            }
            if (!forecasts.TryGetValue((line, r.Period), out var figures))
            {
                figures = forecasts[(line, r.Period)] = db.BudgetForecasts.Add(new BudgetForecast { Line = line, Period = r.Period }).Entity;
                created++;
            }
            (figures.Budget, figures.Forecast, figures.Actual, figures.Commentary) = (r.Budget, r.Forecast, r.Actual, r.Commentary);
            if (figures.Id != 0 && db.Entry(figures).Properties.Any(p => p.IsModified)) updated++;
        }

        var reserves = (await db.Reserves.ToListAsync(ct)).ToDictionary(x => (x.CommitteeId, x.Name.Trim().ToUpperInvariant()));
        var reservePosition = reserves.Values.Select(r => r.Position).DefaultIfEmpty(0).Max();
        var reserveById = reserves.Values.ToDictionary(x => x.Id);
        var balances = (await db.ReserveForecasts.Where(f => periods.Contains(f.Period)).ToListAsync(ct)).ToDictionary(f => (reserveById[f.ReserveId], f.Period));
        var (reservesCreated, balancesCreated, balancesUpdated) = (0, 0, 0);
        foreach (var r in plan.Reserves)
        {
            var key = (r.CommitteeId, r.Reserve.Trim().ToUpperInvariant());
            if (!reserves.TryGetValue(key, out var reserve))
            {
                reserve = reserves[key] = db.Reserves.Add(new Reserve { CommitteeId = r.CommitteeId, Name = r.Reserve.Trim(), Position = ++reservePosition }).Entity;
                reservesCreated++;
            }
            if (!balances.TryGetValue((reserve, r.Period), out var balance))
            {
                balance = balances[(reserve, r.Period)] = db.ReserveForecasts.Add(new ReserveForecast { Reserve = reserve, Period = r.Period }).Entity;
                balancesCreated++;
            }
            (balance.Opening, balance.ForecastClosing) = (r.Opening, r.ForecastClosing);
            if (balance.Id != 0 && db.Entry(balance).Properties.Any(p => p.IsModified)) balancesUpdated++;
        }
        var schemes = (await db.CapitalSchemes.Include(x => x.Years).ToListAsync(ct)).ToDictionary(x => (x.CommitteeId, x.Name.Trim().ToUpperInvariant()));
        var schemePosition = schemes.Values.Select(x => x.Position).DefaultIfEmpty(0).Max();
        var (schemesCreated, yearsCreated, yearsUpdated) = (0, 0, 0);
        foreach (var r in plan.Capital)
        {
            var key = (r.CommitteeId, r.Scheme.Trim().ToUpperInvariant());
            if (!schemes.TryGetValue(key, out var scheme))
            {
                scheme = schemes[key] = db.CapitalSchemes.Add(new CapitalScheme { CommitteeId = r.CommitteeId, Name = r.Scheme.Trim(), Position = ++schemePosition }).Entity;
                schemesCreated++;
            }
            var profile = scheme.Years.FirstOrDefault(x => x.Year == r.Year);
            if (profile is null)
            {
                scheme.Years.Add(profile = new CapitalProfile { Year = r.Year });
                yearsCreated++;
            }
            (profile.Planned, profile.Forecast, profile.Actual) = (r.Planned, r.Forecast, r.Actual);
            if (profile.Id != 0 && db.Entry(profile).Properties.Any(p => p.IsModified)) yearsUpdated++;
        }
        var (savingsCreated, savingForecastsCreated, savingForecastsUpdated) = await ApplySavingsAsync(db, plan, lines, names, ct);
        await db.SaveChangesAsync(ct);
        return new FinanceImportCounts(linesCreated, created, updated, reservesCreated, balancesCreated, balancesUpdated)
        {
            SchemesCreated = schemesCreated, SchemeYearsCreated = yearsCreated, SchemeYearsUpdated = yearsUpdated, HadCapital = plan.Capital.Count > 0,
            SavingsCreated = savingsCreated, SavingForecastsCreated = savingForecastsCreated, SavingForecastsUpdated = savingForecastsUpdated, HadSavings = plan.Savings.Count > 0,
        };
    }

    /// <summary>Savings made where new (by line, year and name), their owner and amount set, and each month's delivery made or replaced.</summary>
    private static async Task<(int Created, int ForecastsCreated, int ForecastsUpdated)> ApplySavingsAsync(StewardDb db, Plan plan,
        Dictionary<(int, Domain.BudgetKind, string, string), BudgetLine> lines, NameResolver names, CancellationToken ct)
    {
        if (plan.Savings.Count == 0) return (0, 0, 0);
        var lineById = lines.Values.Where(l => l.Id != 0).ToDictionary(l => l.Id);
        var years = plan.Savings.Select(r => r.Year).Distinct().ToList();
        var savings = (await db.Savings.Where(x => years.Contains(x.Year)).ToListAsync(ct))
            .ToDictionary(x => (lineById[x.LineId], x.Year, x.Name.Trim().ToUpperInvariant()));
        var savingById = savings.Values.ToDictionary(x => x.Id);
        var ids = savingById.Keys.ToList();
        var periods = plan.Savings.Select(r => r.Period).Distinct().ToList();
        var forecasts = (await db.SavingForecasts.Where(f => ids.Contains(f.SavingId) && periods.Contains(f.Period)).ToListAsync(ct))
            .ToDictionary(f => (savingById[f.SavingId], f.Period));
        var (created, forecastsCreated, forecastsUpdated) = (0, 0, 0);
        foreach (var r in plan.Savings)
        {
            var line = lines[LineKey(r.CommitteeId, Domain.BudgetKind.Revenue, r.Service, r.Line)];
            var key = (line, r.Year, r.Saving.Trim().ToUpperInvariant());
            if (!savings.TryGetValue(key, out var saving))
            {
                saving = savings[key] = db.Savings.Add(new Saving { Line = line, Year = r.Year, Name = r.Saving.Trim() }).Entity;
                created++;
            }
            saving.Amount = r.Amount;
            saving.Owner = await names.PersonAsync(r.Owner, ct);
            if (saving.Owner is null) saving.OwnerId = null;
            if (!forecasts.TryGetValue((saving, r.Period), out var forecast))
            {
                forecast = forecasts[(saving, r.Period)] = db.SavingForecasts.Add(new SavingForecast { Saving = saving, Period = r.Period }).Entity;
                forecastsCreated++;
            }
            (forecast.Rag, forecast.Forecast, forecast.Commentary) = (r.Rag, r.Forecast, r.Commentary);
            if (forecast.Id != 0 && db.Entry(forecast).Properties.Any(p => p.IsModified)) forecastsUpdated++;
        }
        return (created, forecastsCreated, forecastsUpdated);
    }

    /// <summary>What a line is known by: its committee, kind, service and name (names case-insensitively).</summary>
    private static (int, Domain.BudgetKind, string, string) LineKey(int committeeId, Domain.BudgetKind kind, string service, string name) =>
        (committeeId, kind, service.Trim().ToUpperInvariant(), name.Trim().ToUpperInvariant());

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Blank(string? s) => Web.FormValues.Blank(s);
}
