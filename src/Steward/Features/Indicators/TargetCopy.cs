using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Indicators;

/// <summary>What copying a year's targets did: indicators whose targets were copied, and those left alone because the next year already had targets.</summary>
public sealed record TargetCopyOutcome(IReadOnlyList<string> Copied, IReadOnlyList<string> AlreadySet);

/// <summary>
/// Rolls targets forward a year ("copy this year's targets to next year"): each indicator's annual target and its
/// profiled per-period targets of one financial year are copied to the same periods of the next. An indicator that
/// already has any target in the next year is left alone, so nothing set there is overwritten.
/// </summary>
public static class TargetCopy
{
    /// <param name="fromYear">The financial year copied from (its start year: 2017 is 2017/18).</param>
    /// <param name="indicatorIds">Only these indicators; null for every indicator not retired.</param>
    public static async Task<TargetCopyOutcome> CopyAsync(StewardDb db, int fromYear, IReadOnlyCollection<int>? indicatorIds = null, CancellationToken ct = default)
    {
        var toYear = fromYear + 1;
        var query = db.Indicators.Where(i => !i.Retired);
        if (indicatorIds is not null) query = query.Where(i => indicatorIds.Contains(i.Id));
        var indicators = await query.ToDictionaryAsync(i => i.Id, ct);
        var ids = indicators.Keys.ToList();
        var (start, end) = (new Period(fromYear, Period.FinancialYearStartMonth), new Period(toYear + 1, Period.FinancialYearStartMonth - 1));
        var periods = await db.Targets.Where(t => ids.Contains(t.IndicatorId) && t.Period >= start && t.Period <= end).ToListAsync(ct);
        var years = await db.AnnualTargets.Where(t => ids.Contains(t.IndicatorId) && (t.FinancialYear == fromYear || t.FinancialYear == toYear)).ToListAsync(ct);
        var alreadySet = periods.Where(t => t.Period.FinancialYear == toYear).Select(t => t.IndicatorId)
            .Concat(years.Where(t => t.FinancialYear == toYear).Select(t => t.IndicatorId)).ToHashSet();

        var copied = new List<string>();
        foreach (var indicator in indicators.Values.Where(i => !alreadySet.Contains(i.Id)))
        {
            var any = false;
            foreach (var y in years.Where(t => t.IndicatorId == indicator.Id && t.FinancialYear == fromYear))
            {
                db.AnnualTargets.Add(new AnnualTarget { IndicatorId = indicator.Id, Indicator = indicator, FinancialYear = toYear, Value = y.Value });
                any = true;
            }
            foreach (var p in periods.Where(t => t.IndicatorId == indicator.Id && t.Period.FinancialYear == fromYear))
            {
                db.Targets.Add(new Target { IndicatorId = indicator.Id, Indicator = indicator, Period = p.Period.AddMonths(12), Value = p.Value });
                any = true;
            }
            if (any) copied.Add(indicator.Code);
        }
        await db.SaveChangesAsync(ct);
        var skipped = alreadySet.Where(indicators.ContainsKey).Select(id => indicators[id].Code);
        return new TargetCopyOutcome(copied.Order(StringComparer.Ordinal).ToList(), skipped.Order(StringComparer.Ordinal).ToList());
    }
}
