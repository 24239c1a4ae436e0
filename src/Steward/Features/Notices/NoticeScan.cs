using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Notices;

/// <summary>
/// Finds what is due in one council as at its today and makes the notices not made before: results due, overdue and
/// escalated; risk reviews due and overdue; committee report deadlines; follow-up actions reporting back. Each notice's
/// key carries its due date, so moving a date makes a fresh reminder and nothing else repeats. The work is bounded by
/// what is due (one financial year of results, open risks, meetings in the reminder window), not by history.
/// </summary>
public static class NoticeScan
{
    /// <summary>
    /// Makes and saves the council's new notices as at <paramref name="today"/> (its <see cref="Organisation.Today"/>);
    /// <paramref name="now"/> (UTC) stamps them. <paramref name="db"/> acts for <paramref name="organisation"/>.
    /// Returns how many were made.
    /// </summary>
    public static async Task<int> RunAsync(StewardDb db, Organisation organisation, DateOnly today, DateTime now, CancellationToken ct = default)
    {
        var calendar = await DueResults.CalendarAsync(db, organisation, ct);
        var candidates = new List<Notice>();
        candidates.AddRange(await ResultsAsync(db, organisation, today, calendar, ct));
        candidates.AddRange(await ReviewsAsync(db, organisation, today, calendar, ct));
        candidates.AddRange(await ReportsAsync(db, organisation, today, calendar, ct));
        candidates.AddRange(await HighlightsAsync(db, organisation, today, calendar, ct));
        var added = await Notices.AddNewAsync(db, candidates, now, ct);
        if (added > 0) await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Results of every period that has ended: due soon or overdue (to updaters), and escalated (to approvers).</summary>
    private static async Task<List<Notice>> ResultsAsync(StewardDb db, Organisation organisation, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var lastEnded = new Period(today.Year, today.Month).AddMonths(-1);
        var pending = (await DueResults.PendingAsync(db, organisation, today, ct: ct, through: lastEnded))
            .Select(d => (Due: d, Stage: Reminders.Stage(d.DueDate, today, calendar, organisation.ReminderDays)))
            .Where(x => x.Stage != ReminderStage.NotYet)
            .ToList();
        if (pending.Count == 0) return [];
        var ids = pending.Select(x => x.Due.IndicatorId).Distinct().ToList();
        var indicators = await db.Indicators.Where(i => ids.Contains(i.Id)).AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var assigned = await db.Assignments.Where(a => ids.Contains(a.IndicatorId)).Select(a => new { a.IndicatorId, a.PersonId, a.Role }).ToListAsync(ct);
        var updaters = await Notices.ReadersAsync(db, assigned.Where(a => a.Role == AssignmentRole.Updater).Select(a => a.PersonId).Distinct().ToList(), Role.Updater, ct);
        var approvers = await Notices.ReadersAsync(db, assigned.Where(a => a.Role == AssignmentRole.Approver).Select(a => a.PersonId).Distinct().ToList(), Role.Approver, ct);
        var byIndicator = assigned.ToLookup(a => (a.IndicatorId, a.Role), a => a.PersonId);
        IEnumerable<int> Of(int indicatorId, AssignmentRole role, Dictionary<int, int> readers) =>
            byIndicator[(indicatorId, role)].Where(readers.ContainsKey).Select(p => readers[p]);

        var notices = new List<Notice>();
        foreach (var (due, stage) in pending)
        {
            var indicator = indicators[due.IndicatorId];
            var what = $"The {Show.Period(due.Period, indicator.Frequency)} result of {Notices.Name(indicator)}";
            var link = Notices.ResultLink(indicator.Id, due.Period);
            // A reminder is keyed by its due date (a moved date reminds afresh); lateness by the period alone, so changing
            // the council's due days does not tell everyone again that the same result is late.
            var thing = $"{indicator.Id}:{due.Period}";
            if (stage == ReminderStage.Due)
                notices.AddRange(Notices.Each(Of(indicator.Id, AssignmentRole.Updater, updaters), NoticeKind.ReturnDue, $"return-due:{thing}:{due.DueDate:yyyyMMdd}",
                    $"{what} is due by {Show.Date(due.DueDate)}.", link, due.DueDate));
            else
            {
                notices.AddRange(Notices.Each(Of(indicator.Id, AssignmentRole.Updater, updaters), NoticeKind.ReturnOverdue, $"return-overdue:{thing}",
                    $"{what} was due on {Show.Date(due.DueDate)} and has not been submitted.", link, due.DueDate));
                if (Reminders.Escalated(due.DueDate, today, calendar, organisation.EscalationDays))
                    notices.AddRange(Notices.Each(Of(indicator.Id, AssignmentRole.Approver, approvers), NoticeKind.ReturnEscalated, $"return-escalated:{thing}",
                        $"{what}, which you approve, was due on {Show.Date(due.DueDate)} and is still not submitted.", link, due.DueDate));
            }
        }
        return notices;
    }

    /// <summary>
    /// Last month's highlight report of each project being run (initiation, delivery, closure) that has a manager, not
    /// yet submitted or approved: due soon or overdue, to the manager (holding the updater role). It is due when a
    /// monthly result for that month is. Reads the council's running projects and their reports for that one month.
    /// </summary>
    private static async Task<List<Notice>> HighlightsAsync(StewardDb db, Organisation organisation, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var month = new Period(today.Year, today.Month).AddMonths(-1);
        var due = calendar.DueDate(month, organisation.DueDays(Frequency.Monthly));
        var stage = Reminders.Stage(due, today, calendar, organisation.ReminderDays);
        if (stage == ReminderStage.NotYet) return [];
        var projects = await db.Projects.Where(p => p.ManagerId != null && p.Stage != ProjectStage.Proposal && p.Stage != ProjectStage.Closed
                && !db.HighlightReports.Any(h => h.ProjectId == p.Id && h.Period == month && (h.Status == ApprovalStatus.Submitted || h.Status == ApprovalStatus.Approved)))
            .AsNoTracking().ToListAsync(ct);
        var managers = await Notices.ReadersAsync(db, projects.Select(p => p.ManagerId!.Value).Distinct().ToList(), Role.Updater, ct);
        var notices = new List<Notice>();
        foreach (var project in projects.Where(p => managers.ContainsKey(p.ManagerId!.Value)))
        {
            var what = $"The {Show.Month(month)} highlight report of {project.Code} {project.Name}";
            var reader = managers[project.ManagerId!.Value];
            notices.AddRange(stage == ReminderStage.Due
                ? Notices.Each([reader], NoticeKind.HighlightDue, $"highlight-due:{project.Id}:{month}:{due:yyyyMMdd}", $"{what} is due by {Show.Date(due)}.",
                    Notices.HighlightLink(project.Id, month), due)
                : Notices.Each([reader], NoticeKind.HighlightOverdue, $"highlight-overdue:{project.Id}:{month}",
                    $"{what} was due on {Show.Date(due)} and has not been submitted.", Notices.HighlightLink(project.Id, month), due));
        }
        return notices;
    }

    /// <summary>Open risks whose next review is in the window or past, unless a review is already submitted (to the owner and reviewers).</summary>
    private static async Task<List<Notice>> ReviewsAsync(StewardDb db, Organisation organisation, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var windowEnd = Reminders.WindowEnd(today, calendar, organisation.ReminderDays);
        var risks = await db.Risks.Where(r => !r.Closed && r.NextReviewDate != null && r.NextReviewDate <= windowEnd
                && !db.RiskReviews.Any(v => v.RiskId == r.Id && v.Status == ApprovalStatus.Submitted))
            .AsNoTracking().ToListAsync(ct);
        if (risks.Count == 0) return [];
        var reviewers = await Notices.RiskReviewersAsync(db, risks.Select(r => r.Id).ToList(), ct);
        var readers = await Notices.ReadersAsync(db, reviewers.Values.SelectMany(p => p).Distinct().ToList(), Role.RiskOwner, ct);
        var notices = new List<Notice>();
        foreach (var risk in risks)
        {
            var next = risk.NextReviewDate!.Value;
            var accounts = (reviewers.GetValueOrDefault(risk.Id) ?? []).Where(readers.ContainsKey).Select(p => readers[p]);
            var overdue = Reminders.Stage(next, today, calendar, organisation.ReminderDays) == ReminderStage.Overdue;
            notices.AddRange(overdue
                ? Notices.Each(accounts, NoticeKind.ReviewOverdue, $"review-overdue:{risk.Id}:{next:yyyyMMdd}",
                    $"The review of risk {Notices.Name(risk)} was due on {Show.Date(next)}.", $"/risks/{risk.Id}/review", next)
                : Notices.Each(accounts, NoticeKind.ReviewDue, $"review-due:{risk.Id}:{next:yyyyMMdd}",
                    $"The review of risk {Notices.Name(risk)} is due by {Show.Date(next)}.", $"/risks/{risk.Id}/review", next));
        }
        return notices;
    }

    /// <summary>
    /// Meetings whose report deadline is in the window: each report not yet submitted (to its lead officer), and each open
    /// follow-up action reporting back to the meeting (to its owner).
    /// </summary>
    private static async Task<List<Notice>> ReportsAsync(StewardDb db, Organisation organisation, DateOnly today, WorkingCalendar calendar, CancellationToken ct)
    {
        var windowEnd = Reminders.WindowEnd(today, calendar, organisation.ReminderDays);
        var meetings = await db.Meetings.Where(m => !m.Cancelled && m.ReportDeadline >= today && m.ReportDeadline <= windowEnd)
            .Include(m => m.Committee).AsNoTracking().ToListAsync(ct);
        if (meetings.Count == 0) return [];
        var ids = meetings.Select(m => m.Id).ToList();
        var items = await db.WorkProgrammeItems
            .Where(i => ids.Contains(i.MeetingId) && i.LeadOfficerId != null && (i.Status == ItemStatus.Planned || i.Status == ItemStatus.Drafting))
            .Select(i => new { i.Id, i.MeetingId, i.Title, Person = i.LeadOfficerId!.Value }).ToListAsync(ct);
        var actions = await db.FollowUpActions
            .Where(a => a.ReportBackMeetingId != null && ids.Contains(a.ReportBackMeetingId.Value) && a.OwnerId != null && a.Status == FollowUpStatus.Open)
            .Select(a => new { a.Id, Meeting = a.ReportBackMeetingId!.Value, Agreed = a.Meeting!.Date, Person = a.OwnerId!.Value }).ToListAsync(ct);
        var readers = await Notices.ReadersAsync(db, items.Select(i => i.Person).Concat(actions.Select(a => a.Person)).Distinct().ToList(), Role.None, ct);
        var byId = meetings.ToDictionary(m => m.Id);
        IEnumerable<int> Reader(int person) => readers.TryGetValue(person, out var a) ? [a] : [];

        var notices = new List<Notice>();
        foreach (var item in items)
        {
            var m = byId[item.MeetingId];
            notices.AddRange(Notices.Each(Reader(item.Person), NoticeKind.ReportDeadline, $"report-deadline:{item.Id}:{m.ReportDeadline:yyyyMMdd}",
                $"Your report “{item.Title}” for {m.Committee!.Name} on {Show.Date(m.Date)} is due to the clerk by {Show.Date(m.ReportDeadline)}.",
                $"/committees/meetings/{m.Id}", m.ReportDeadline));
        }
        foreach (var action in actions)
        {
            var m = byId[action.Meeting];
            notices.AddRange(Notices.Each(Reader(action.Person), NoticeKind.FollowUpDue, $"follow-up:{action.Id}:{m.ReportDeadline:yyyyMMdd}",
                $"A follow-up action you own, agreed on {Show.Date(action.Agreed)}, reports back to {m.Committee!.Name} on {Show.Date(m.Date)}: " +
                $"reports are due by {Show.Date(m.ReportDeadline)}.", $"/committees/meetings/{m.Id}", m.ReportDeadline));
        }
        return notices;
    }
}
