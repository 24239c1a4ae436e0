using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>A result the cycle is waiting for: an indicator's period up to the reporting period, not yet submitted or approved.</summary>
public sealed record DueItem(Indicator Indicator, Period Period, DateOnly DueDate, Result? Result, bool Overdue, IReadOnlyList<Person> Updaters)
{
    public string StatusText => Result is { Status: ApprovalStatus.Draft or ApprovalStatus.Returned } r ? Common.Show.Status(r.Status) : "Not started";
}

/// <summary>
/// What is due and what is late. A result is due for each period of an indicator's frequency, in the financial
/// year of the latest such period up to the organisation's reporting period, from the indicator's first collected
/// period on; it is late once its due date — a set number of working days after the period ends — has passed
/// without a submission.
/// </summary>
public static class DueResults
{
    public static async Task<WorkingCalendar> CalendarAsync(StewardDb db, Organisation organisation, CancellationToken ct = default)
    {
        var closures = await db.ClosureDays.Select(c => c.Date).ToListAsync(ct);
        return organisation.EnglandAndWalesBankHolidays ? WorkingCalendar.EnglandAndWales(closures) : WorkingCalendar.WeekendsOnly(closures);
    }

    /// <summary>
    /// The first period each indicator is collected for: its setting, else its earliest result or target (an annual
    /// target counts from the first period of its year).
    /// </summary>
    public static async Task<Dictionary<int, Period>> FirstPeriodsAsync(StewardDb db, CancellationToken ct = default)
    {
        var firstResults = await db.Results.GroupBy(r => r.IndicatorId).Select(g => new { g.Key, First = g.Min(r => r.Period) }).ToListAsync(ct);
        var firstTargets = await db.Targets.GroupBy(r => r.IndicatorId).Select(g => new { g.Key, First = g.Min(r => r.Period) }).ToListAsync(ct);
        var firstYears = await (from t in db.AnnualTargets
                                group t by new { t.IndicatorId, t.Indicator!.Frequency } into g
                                select new { g.Key.IndicatorId, g.Key.Frequency, Year = g.Min(t => t.FinancialYear) }).ToListAsync(ct);
        var first = new Dictionary<int, Period>();
        foreach (var x in firstResults.Concat(firstTargets).Concat(firstYears.Select(y => new { Key = y.IndicatorId, First = Period.FirstOfFinancialYear(y.Year, y.Frequency) })))
            first[x.Key] = first.TryGetValue(x.Key, out var p) && p < x.First ? p : x.First;
        foreach (var (id, setting) in await db.Indicators.Where(i => i.FirstPeriod != null).Select(i => new { i.Id, i.FirstPeriod }).ToDictionaryAsync(x => x.Id, x => x.FirstPeriod!.Value, ct))
            first[id] = setting;
        return first;
    }

    /// <summary>
    /// The due items of the organisation (optionally only those of some indicators), ordered by due date.
    /// </summary>
    /// <param name="today">The organisation's today (see <see cref="Organisation.Today"/>): a result is overdue once its due date is before it.</param>
    public static async Task<List<DueItem>> ListAsync(StewardDb db, Organisation organisation, DateOnly today,
        IReadOnlyCollection<int>? indicatorIds = null, CancellationToken ct = default)
    {
        var reporting = await Performance.ReportingPeriodAsync(db, organisation, ct);
        if (reporting is not { } upTo) return [];
        var from = new Period(upTo.AddMonths(-11).FinancialYear, Period.FinancialYearStartMonth);
        var query = db.Indicators.Where(i => !i.Retired);
        if (indicatorIds is not null) query = query.Where(i => indicatorIds.Contains(i.Id));
        var indicators = await query.Include(i => i.Service).Include(i => i.Assignments).ThenInclude(a => a.Person).ToListAsync(ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var results = (await db.Results.Where(r => ids.Contains(r.IndicatorId) && r.Period >= from && r.Period <= upTo).ToListAsync(ct))
            .ToDictionary(r => (r.IndicatorId, r.Period));
        var firsts = await FirstPeriodsAsync(db, ct);
        var calendar = await CalendarAsync(db, organisation, ct);

        var items = new List<DueItem>();
        foreach (var indicator in indicators)
        {
            var start = firsts.TryGetValue(indicator.Id, out var f) ? f : upTo;
            var updaters = indicator.Assignments.Where(a => a.Role == AssignmentRole.Updater).Select(a => a.Person!).OrderBy(p => p.Name).ToList();
            var last = LastEnding(upTo, indicator.Frequency);
            var yearStart = new Period(last.FinancialYear, Period.FinancialYearStartMonth);
            for (var p = last; p >= yearStart && p >= start; p = p.Previous(indicator.Frequency))
            {
                results.TryGetValue((indicator.Id, p), out var result);
                // In once submitted or approved with its figures (a comment alone, imported from a council's file, is not the result).
                if (result is { Status: ApprovalStatus.Submitted or ApprovalStatus.Approved, HasFigures: true }) continue;
                var due = calendar.DueDate(p, organisation.DueDays(indicator.Frequency));
                items.Add(new DueItem(indicator, p, due, result, due < today, updaters));
            }
        }
        return items.OrderBy(i => i.DueDate).ThenBy(i => i.Indicator.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The last period of the frequency ending in or before the month.</summary>
    public static Period LastEnding(Period month, Frequency frequency)
    {
        var p = month;
        while (!p.Ends(frequency)) p = p.AddMonths(-1);
        return p;
    }
}
