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
    public static async Task<Dictionary<int, Period>> FirstPeriodsAsync(StewardDb db, IReadOnlyCollection<int> indicatorIds, CancellationToken ct = default)
    {
        var rows = await db.Indicators.Where(i => indicatorIds.Contains(i.Id))
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
    /// The due items of the organisation (optionally only those of some indicators) as at <paramref name="today"/>, the
    /// organisation's today (<see cref="Organisation.Today"/>), ordered by due date.
    /// </summary>
    public static async Task<List<DueItem>> ListAsync(StewardDb db, Organisation organisation, DateOnly today,
        IReadOnlyCollection<int>? indicatorIds = null, CancellationToken ct = default)
    {
        var reporting = await Performance.ReportingPeriodAsync(db, organisation, ct);
        if (reporting is not { } upTo) return [];
        var from = new Period(upTo.AddMonths(-11).FinancialYear, Period.FinancialYearStartMonth);
        var query = db.Indicators.Where(i => !i.Retired);
        if (indicatorIds is not null) query = query.Where(i => indicatorIds.Contains(i.Id));
        var indicators = await query.Include(i => i.Service).Include(i => i.Assignments.Where(a => a.Role == AssignmentRole.Updater)).ThenInclude(a => a.Person)
            .AsSplitQuery().ToListAsync(ct);
        var ids = indicators.Select(i => i.Id).ToList();
        // Where each period's entry is: in (submitted, approved with figures) or in the cycle (draft, returned).
        var entries = (await db.Results.Where(r => ids.Contains(r.IndicatorId) && r.Period >= from && r.Period <= upTo)
                .Select(r => new { r.IndicatorId, r.Period, r.Status, HasFigures = r.Value != null || r.Numerator != null })
                .ToListAsync(ct))
            .ToDictionary(r => (r.IndicatorId, r.Period));
        var firsts = await FirstPeriodsAsync(db, ids, ct);
        var calendar = await CalendarAsync(db, organisation, ct);

        var items = new List<DueItem>();
        foreach (var indicator in indicators)
        {
            var start = firsts.TryGetValue(indicator.Id, out var f) ? f : upTo;
            var updaters = indicator.Assignments.Select(a => a.Person!).OrderBy(p => p.Name).ToList();
            var last = LastEnding(upTo, indicator.Frequency);
            var yearStart = new Period(last.FinancialYear, Period.FinancialYearStartMonth);
            for (var p = last; p >= yearStart && p >= start; p = p.Previous(indicator.Frequency))
            {
                entries.TryGetValue((indicator.Id, p), out var entry);
                // In once submitted or approved with its figures (a comment alone, imported from a council's file, is not the result).
                if (entry is { Status: ApprovalStatus.Submitted or ApprovalStatus.Approved, HasFigures: true }) continue;
                var due = calendar.DueDate(p, organisation.DueDays(indicator.Frequency));
                items.Add(new DueItem(indicator, p, due, entry?.Status, due < today, updaters));
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
