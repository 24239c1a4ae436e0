using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Finance;

/// <summary>A budget line's figures as at a month: the latest reported in that month's financial year, up to the month.</summary>
public sealed record BudgetRow(BudgetLine Line, string Committee, string Service, Period ReportedFor, decimal Budget, decimal Forecast, decimal? Actual, string? Commentary)
{
    /// <summary>Forecast out-turn minus current budget, in pounds (<see cref="BudgetRules.Variance"/>).</summary>
    public decimal Variance => BudgetRules.Variance(Budget, Forecast);

    /// <summary>The variance as a percentage of the current budget (<see cref="BudgetRules.VariancePercent"/>).</summary>
    public decimal? VariancePercent => BudgetRules.VariancePercent(Budget, Forecast);
}

/// <summary>A saving of the year with its delivery as last reported (null: not reported yet).</summary>
public sealed record SavingRow(Saving Saving, string Committee, string Service, SavingForecast? Delivery)
{
    /// <summary>Agreed amount less the amount forecast to be saved, in pounds: what will not be saved (0 when on track).</summary>
    public decimal? Shortfall => Delivery is { } d ? Saving.Amount - d.Forecast : null;
}

/// <summary>A reserve's opening and forecast closing balance as at a month.</summary>
public sealed record ReserveRow(Reserve Reserve, string Committee, Period ReportedFor, decimal Opening, decimal ForecastClosing)
{
    /// <summary>Forecast closing minus opening balance, in pounds (<see cref="BudgetRules.Change"/>).</summary>
    public decimal Change => BudgetRules.Change(Opening, ForecastClosing);
}

/// <summary>
/// The committee finance tables (seed 004: Table 1, net revenue budget forecast out-turn; Table 3, reserves and
/// provisions) as at a month: for each line or reserve, the figures last reported in that month's financial year up to
/// the month, so a line finance skipped one month keeps its last forecast. A line with no figures in the year is left out.
/// Reads the lines of one committee (or all) and at most twelve months of their figures.
/// </summary>
public static class FinanceTables
{
    /// <summary>Budget lines as at <paramref name="month"/>, in committee then table order; <paramref name="committeeId"/> null for every committee.</summary>
    public static async Task<List<BudgetRow>> BudgetAsync(StewardDb db, Period month, int? committeeId, CancellationToken ct = default)
    {
        var lines = await db.BudgetLines.AsNoTracking().Include(l => l.Service).Include(l => l.Committee)
            .Where(l => committeeId == null || l.CommitteeId == committeeId).ToListAsync(ct);
        var ids = lines.Select(l => l.Id).ToList();
        // By the lines' own (LineId, Period) index: one committee's lines, a year of months each.
        var (first, last) = Year(month);
        var latest = (await db.BudgetForecasts.AsNoTracking().Where(f => ids.Contains(f.LineId) && f.Period >= first && f.Period <= last).ToListAsync(ct))
            .GroupBy(f => f.LineId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Period)!);
        return lines.Where(l => latest.ContainsKey(l.Id)).OrderBy(l => l.Committee!.Name, StringComparer.Ordinal).ThenBy(l => l.Kind).ThenBy(l => l.Position)
            .Select(l => latest[l.Id] is var f ? new BudgetRow(l, l.Committee!.Name, l.Service!.Name, f.Period, f.Budget, f.Forecast, f.Actual, f.Commentary) : null!)
            .ToList();
    }

    /// <summary>Reserves as at <paramref name="month"/>, in committee then table order; <paramref name="committeeId"/> null for every committee.</summary>
    public static async Task<List<ReserveRow>> ReservesAsync(StewardDb db, Period month, int? committeeId, CancellationToken ct = default)
    {
        var reserves = await db.Reserves.AsNoTracking().Include(r => r.Committee).Where(r => committeeId == null || r.CommitteeId == committeeId).ToListAsync(ct);
        var ids = reserves.Select(r => r.Id).ToList();
        var (first, last) = Year(month);
        var latest = (await db.ReserveForecasts.AsNoTracking().Where(f => ids.Contains(f.ReserveId) && f.Period >= first && f.Period <= last).ToListAsync(ct))
            .GroupBy(f => f.ReserveId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Period)!);
        return reserves.Where(r => latest.ContainsKey(r.Id)).OrderBy(r => r.Committee!.Name, StringComparer.Ordinal).ThenBy(r => r.Position)
            .Select(r => latest[r.Id] is var b ? new ReserveRow(r, r.Committee!.Name, b.Period, b.Opening, b.ForecastClosing) : null!)
            .ToList();
    }

    /// <summary>
    /// The savings of <paramref name="month"/>'s financial year, each with its delivery as last reported up to the month
    /// (null when finance has not reported it yet), by committee, line order and name; <paramref name="committeeId"/> null
    /// for every committee. Reads that year's savings and at most twelve months of their reports.
    /// </summary>
    public static async Task<List<SavingRow>> SavingsAsync(StewardDb db, Period month, int? committeeId, CancellationToken ct = default)
    {
        var year = month.FinancialYear;
        var savings = await db.Savings.AsNoTracking().Include(x => x.Line!).ThenInclude(l => l.Committee).Include(x => x.Line!).ThenInclude(l => l.Service).Include(x => x.Owner)
            .Where(x => x.Year == year && (committeeId == null || x.Line!.CommitteeId == committeeId)).ToListAsync(ct);
        var ids = savings.Select(x => x.Id).ToList();
        var (first, last) = Year(month);
        var latest = (await db.SavingForecasts.AsNoTracking().Where(f => ids.Contains(f.SavingId) && f.Period >= first && f.Period <= last).ToListAsync(ct))
            .GroupBy(f => f.SavingId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Period)!);
        return savings.OrderBy(x => x.Line!.Committee!.Name, StringComparer.Ordinal).ThenBy(x => x.Line!.Position).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => new SavingRow(x, x.Line!.Committee!.Name, x.Line.Service!.Name, latest.GetValueOrDefault(x.Id))).ToList();
    }

    /// <summary>
    /// The capital programme from <paramref name="month"/>'s financial year on (seed 004: 2017-18's programme, and Table 2's
    /// planned programme for 2018-21): each scheme with a year in that range, by committee then table order, with its
    /// years from then on; <paramref name="committeeId"/> null for every committee.
    /// </summary>
    public static async Task<List<(CapitalScheme Scheme, string Committee, IReadOnlyList<CapitalProfile> Years)>> CapitalAsync(StewardDb db, Period month, int? committeeId,
        CancellationToken ct = default)
    {
        var from = month.FinancialYear;
        var schemes = await db.CapitalSchemes.AsNoTracking().Include(x => x.Committee).Include(x => x.Years.Where(y => y.Year >= from))
            .Where(x => (committeeId == null || x.CommitteeId == committeeId) && x.Years.Any(y => y.Year >= from)).ToListAsync(ct);
        return schemes.OrderBy(x => x.Committee!.Name, StringComparer.Ordinal).ThenBy(x => x.Position)
            .Select(x => (x, x.Committee!.Name, (IReadOnlyList<CapitalProfile>)x.Years.OrderBy(y => y.Year).ToList())).ToList();
    }

    /// <summary>The months of <paramref name="month"/>'s financial year up to it: April to the month.</summary>
    private static (Period First, Period Last) Year(Period month) => (new Period(month.FinancialYear, Period.FinancialYearStartMonth), month);
}
