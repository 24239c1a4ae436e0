using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Indicators;

/// <summary>
/// A result the cycle is waiting for: an indicator's period up to the reporting period, not yet submitted or approved
/// with its figures. <paramref name="Status"/> is where an entry for it is (draft, returned), or null when none was made.
/// </summary>
public sealed record DueItem(Indicator Indicator, Period Period, DateOnly DueDate, ApprovalStatus? Status, bool Overdue, IReadOnlyList<Person> Updaters)
{
    public string StatusText => Status is ApprovalStatus.Draft or ApprovalStatus.Returned ? Common.Show.Status(Status.Value) : "Not started";
}

/// <summary>A result the cycle is waiting for, by ids alone (see <see cref="DueItem"/>): for counts and for paging.</summary>
public sealed record DuePeriod(int IndicatorId, Period Period, DateOnly DueDate, ApprovalStatus? Status, bool Overdue);

/// <summary>
/// What is due and what is late. A result is due for each period of an indicator's frequency, in the financial
/// year of the latest such period up to the organisation's reporting period, from the indicator's first collected
/// period on; it is late once its due date — a set number of working days after the period ends — has passed
/// without a submission. The work is bounded by the indicators asked about and one year of their results.
/// </summary>
public static class DueResults
{
    public static async Task<WorkingCalendar> CalendarAsync(StewardDb db, Organisation organisation, CancellationToken ct = default)
    {
        var closures = await db.ClosureDays.Select(c => c.Date).ToListAsync(ct);
        return organisation.EnglandAndWalesBankHolidays ? WorkingCalendar.EnglandAndWales(closures) : WorkingCalendar.WeekendsOnly(closures);
    }

    /// <summary>
    /// The first period each of <paramref name="indicatorIds"/> is collected for: its setting, else its earliest result or
    /// target (an annual target counts from the first period of its year). Indicators with none are left out. Each
    /// earliest period is an index seek, so the work is bounded by the indicators asked for, not by their history.
    /// </summary>
    public static Task<Dictionary<int, Period>> FirstPeriodsAsync(StewardDb db, IReadOnlyCollection<int> indicatorIds, CancellationToken ct = default) =>
        FirstPeriodsAsync(db, db.Indicators.Where(i => indicatorIds.Contains(i.Id)), ct);

    /// <summary>The first period each of <paramref name="indicators"/> is collected for, as the overload taking ids.</summary>
    public static async Task<Dictionary<int, Period>> FirstPeriodsAsync(StewardDb db, IQueryable<Indicator> indicators, CancellationToken ct = default)
    {
        var rows = await indicators
            .Select(i => new
            {
                i.Id, i.Frequency, i.FirstPeriod,
                FirstResult = db.Results.Where(r => r.IndicatorId == i.Id).Min(r => (Period?)r.Period),
                FirstTarget = db.Targets.Where(t => t.IndicatorId == i.Id).Min(t => (Period?)t.Period),
                FirstYear = db.AnnualTargets.Where(t => t.IndicatorId == i.Id).Min(t => (int?)t.FinancialYear),
            })
            .ToListAsync(ct);
        var first = new Dictionary<int, Period>();
        foreach (var r in rows)
        {
            var earliest = new[] { r.FirstResult, r.FirstTarget, r.FirstYear is { } y ? Period.FirstOfFinancialYear(y, r.Frequency) : null }.Min();
            if ((r.FirstPeriod ?? earliest) is { } p) first[r.Id] = p;
        }
        return first;
    }

    /// <summary>
    /// What is due (and whether it is late) among the current indicators of <paramref name="scope"/> (all the
    /// organisation's when null) as at <paramref name="today"/>, the organisation's today (<see cref="Organisation.Today"/>):
    /// indicator ids and periods only, ordered by due date, for counts. Reads one year of the indicators' results.
    /// Periods run up to the reporting period, or to <paramref name="through"/> when given (reminders look at every
    /// period that has ended).
    /// </summary>
    public static async Task<List<DuePeriod>> PendingAsync(StewardDb db, Organisation organisation, DateOnly today,
        IQueryable<Indicator>? scope = null, CancellationToken ct = default, Period? through = null)
    {
        var reporting = through ?? await Performance.ReportingPeriodAsync(db, organisation, ct);
        if (reporting is not { } upTo) return [];
        var yearFrom = new Period(upTo.AddMonths(-11).FinancialYear, Period.FinancialYearStartMonth);
        var current = (scope ?? db.Indicators).Where(i => !i.Retired);
        var indicators = await current.Select(i => new { i.Id, i.Frequency }).ToListAsync(ct);
        // Where each period's entry is: in (submitted, approved with figures) or in the cycle (draft, returned). Driven
        // from the indicators, so each one's year is a range seek on (indicator, period).
        var entries = (await (from i in current
                    from r in db.Results
                    where r.IndicatorId == i.Id && r.Period >= yearFrom && r.Period <= upTo
                    select new { r.IndicatorId, r.Period, r.Status, HasFigures = r.Value != null || r.Numerator != null })
                .ToListAsync(ct))
            .ToDictionary(r => (r.IndicatorId, r.Period));
        var firsts = await FirstPeriodsAsync(db, current, ct);
        var calendar = await CalendarAsync(db, organisation, ct);

        var due = new List<DuePeriod>();
        foreach (var indicator in indicators)
        {
            var start = firsts.TryGetValue(indicator.Id, out var f) ? f : upTo;
            var last = LastEnding(upTo, indicator.Frequency);
            var yearStart = new Period(last.FinancialYear, Period.FinancialYearStartMonth);
            for (var p = last; p >= yearStart && p >= start; p = p.Previous(indicator.Frequency))
            {
                entries.TryGetValue((indicator.Id, p), out var entry);
                // In once submitted or approved with its figures (a comment alone, imported from a council's file, is not the result).
                if (entry is { Status: ApprovalStatus.Submitted or ApprovalStatus.Approved, HasFigures: true }) continue;
                var date = calendar.DueDate(p, organisation.DueDays(indicator.Frequency));
                due.Add(new DuePeriod(indicator.Id, p, date, entry?.Status, date < today));
            }
        }
        return due.OrderBy(d => d.DueDate).ToList();
    }

    /// <summary>
    /// The due items of <paramref name="pending"/> with their indicators, services and updaters (loaded for those
    /// indicators only), ordered by due date and then indicator code.
    /// </summary>
    public static async Task<List<DueItem>> DescribeAsync(StewardDb db, IReadOnlyCollection<DuePeriod> pending, CancellationToken ct = default)
    {
        var ids = pending.Select(d => d.IndicatorId).Distinct().ToList();
        var indicators = await db.Indicators.Where(i => ids.Contains(i.Id))
            .Include(i => i.Service).Include(i => i.Assignments.Where(a => a.Role == AssignmentRole.Updater)).ThenInclude(a => a.Person)
            .AsSplitQuery().AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var updaters = indicators.Values.ToDictionary(i => i.Id, i => (IReadOnlyList<Person>)i.Assignments.Select(a => a.Person!).OrderBy(p => p.Name).ToList());
        return pending.Select(d => new DueItem(indicators[d.IndicatorId], d.Period, d.DueDate, d.Status, d.Overdue, updaters[d.IndicatorId]))
            .OrderBy(i => i.DueDate).ThenBy(i => i.Indicator.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The due items of the organisation (optionally only those of the indicators in <paramref name="scope"/>) as at
    /// <paramref name="today"/>, the organisation's today, ordered by due date: <see cref="PendingAsync"/> described.
    /// </summary>
    public static async Task<List<DueItem>> ListAsync(StewardDb db, Organisation organisation, DateOnly today,
        IQueryable<Indicator>? scope = null, CancellationToken ct = default) =>
        await DescribeAsync(db, await PendingAsync(db, organisation, today, scope, ct), ct);

    /// <summary>The last period of the frequency ending in or before the month.</summary>
    public static Period LastEnding(Period month, Frequency frequency)
    {
        var p = month;
        while (!p.Ends(frequency)) p = p.AddMonths(-1);
        return p;
    }
}
