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

    /// <summary>Loads the targets of <paramref name="indicatorIds"/> for the periods [from, to] and the financial years they touch.</summary>
    public static async Task<TargetLookup> LoadAsync(StewardDb db, IReadOnlyCollection<int> indicatorIds, Period from, Period to, CancellationToken ct = default)
    {
        var periods = await db.Targets
            .Where(t => indicatorIds.Contains(t.IndicatorId) && t.Period >= from && t.Period <= to)
            .Select(t => new { t.IndicatorId, t.Period, t.Value })
            .ToDictionaryAsync(t => (t.IndicatorId, t.Period), t => t.Value, ct);
        var (first, last) = (from.FinancialYear, to.FinancialYear);
        var years = await db.AnnualTargets
            .Where(t => indicatorIds.Contains(t.IndicatorId) && t.FinancialYear >= first && t.FinancialYear <= last)
            .Select(t => new { t.IndicatorId, t.FinancialYear, t.Value, t.Indicator!.Cumulative })
            .ToDictionaryAsync(t => (t.IndicatorId, t.FinancialYear), t => (t.Value, t.Cumulative), ct);
        return new TargetLookup(periods, years);
    }

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
