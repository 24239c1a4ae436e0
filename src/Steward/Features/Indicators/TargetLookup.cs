using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>
/// The targets of some indicators over a span of periods, as the rules read them: a period's own (profiled) target,
/// else the annual target of the financial year the period falls in, else none. A cumulative (year-to-date) indicator's
/// annual target is the year-end figure, so it applies to the year's last period (March) only: its other periods take
/// targets of their own (HR05: 0.54 in Q1, 0.76 in Q2). One query for each kind of target.
/// </summary>
public sealed class TargetLookup
{
    private readonly Dictionary<(int, Period), decimal> _periods;
    private readonly Dictionary<(int, int), (decimal Value, bool Cumulative)> _years;

    private TargetLookup(Dictionary<(int, Period), decimal> periods, Dictionary<(int, int), (decimal, bool)> years)
    {
        _periods = periods;
        _years = years;
    }

    /// <summary>
    /// Loads the targets of <paramref name="indicatorIds"/> for the periods [from, to] (or only those in
    /// <paramref name="only"/>) and the financial years they touch.
    /// </summary>
    public static async Task<TargetLookup> LoadAsync(StewardDb db, IReadOnlyCollection<int> indicatorIds, Period from, Period to, CancellationToken ct = default,
        IReadOnlyCollection<Period>? only = null)
    {
        var query = db.Targets.Where(t => indicatorIds.Contains(t.IndicatorId) && t.Period >= from && t.Period <= to);
        if (only is not null) query = query.Where(t => only.Contains(t.Period));
        var periods = await query.Select(t => new { t.IndicatorId, t.Period, t.Value }).ToDictionaryAsync(t => (t.IndicatorId, t.Period), t => t.Value, ct);
        var years = (only?.Select(p => p.FinancialYear) ?? Enumerable.Range(from.FinancialYear, to.FinancialYear - from.FinancialYear + 1)).Distinct().ToList();
        return new TargetLookup(periods, await YearsAsync(db, indicatorIds, years, ct));
    }

    /// <summary>The targets at exactly these (indicator, period) pairs: each indicator's latest period, say.</summary>
    public static async Task<TargetLookup> ForAsync(StewardDb db, IReadOnlyCollection<(int IndicatorId, Period Period)> pairs, CancellationToken ct = default)
    {
        if (pairs.Count == 0) return new TargetLookup([], []);
        var ids = pairs.Select(p => p.IndicatorId).Distinct().ToList();
        var periods = pairs.Select(p => p.Period).Distinct().ToList();
        var wanted = pairs.ToHashSet();
        var own = (await db.Targets.Where(t => ids.Contains(t.IndicatorId) && periods.Contains(t.Period))
                .Select(t => new { t.IndicatorId, t.Period, t.Value }).ToListAsync(ct))
            .Where(t => wanted.Contains((t.IndicatorId, t.Period))).ToDictionary(t => (t.IndicatorId, t.Period), t => t.Value);
        return new TargetLookup(own, await YearsAsync(db, ids, periods.Select(p => p.FinancialYear).Distinct().ToList(), ct));
    }

    private static async Task<Dictionary<(int, int), (decimal, bool)>> YearsAsync(StewardDb db, IReadOnlyCollection<int> indicatorIds, List<int> years, CancellationToken ct) =>
        await db.AnnualTargets
            .Where(t => indicatorIds.Contains(t.IndicatorId) && years.Contains(t.FinancialYear))
            .Select(t => new { t.IndicatorId, t.FinancialYear, t.Value, t.Indicator!.Cumulative })
            .ToDictionaryAsync(t => (t.IndicatorId, t.FinancialYear), t => (t.Value, t.Cumulative), ct);

    /// <summary>The target of one indicator at one period, in the span loaded; null for none.</summary>
    public static async Task<decimal?> AtAsync(StewardDb db, int indicatorId, Period period, CancellationToken ct = default) =>
        (await LoadAsync(db, [indicatorId], period, period, ct)).At(indicatorId, period);

    /// <summary>The period's own target, else its financial year's annual target (a cumulative one at March only); null when it has neither.</summary>
    public decimal? At(int indicatorId, Period period) =>
        _periods.TryGetValue((indicatorId, period), out var own) ? own
        : _years.TryGetValue((indicatorId, period.FinancialYear), out var yearly) && (!yearly.Cumulative || IsYearEnd(period)) ? yearly.Value
        : null;

    private static bool IsYearEnd(Period period) => period.Month == Period.FinancialYearStartMonth - 1;

    /// <summary>Whether the period's target is its own (profiled) rather than the year's.</summary>
    public bool IsProfiled(int indicatorId, Period period) => _periods.ContainsKey((indicatorId, period));
}
