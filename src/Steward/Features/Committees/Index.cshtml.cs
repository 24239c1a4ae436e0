using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Committees;

/// <summary>The council's committees: chair, next meeting and its report deadline, open and overdue follow-up actions.</summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public sealed record Row(Committee Committee, string? Chair, Meeting? Next, int OpenActions, int OverdueActions);

    public List<Row> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool Manages => user.ManagesFramework;

    /// <summary>The open follow-up actions this user owns, of every committee.</summary>
    public List<FollowUpView> Yours { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Today = user.RequireOrganisation().Today(clock);
        var today = Today;
        var committees = await db.Committees.AsNoTracking().ToListAsync(ct);
        var chairs = await db.CommitteeMembers.Where(m => m.Role == MemberRole.Chair)
            .Select(m => new { m.CommitteeId, m.Person!.Name }).ToDictionaryAsync(m => m.CommitteeId, m => m.Name, ct);
        // Each committee's next meeting (not cancelled, today or later): one row per committee.
        var next = await db.Meetings.AsNoTracking()
            .Where(m => !m.Cancelled && m.Date >= today
                && !db.Meetings.Any(o => o.CommitteeId == m.CommitteeId && !o.Cancelled && o.Date >= today && (o.Date < m.Date || (o.Date == m.Date && o.Id < m.Id))))
            .ToDictionaryAsync(m => m.CommitteeId, ct);
        var actions = (await db.FollowUpActions.Where(a => a.Status == FollowUpStatus.Open)
                .Select(a => new { a.Meeting!.CommitteeId, a.Status, ReportBack = a.ReportBackMeeting == null ? (DateOnly?)null : a.ReportBackMeeting.Date })
                .ToListAsync(ct))
            .GroupBy(a => a.CommitteeId)
            .ToDictionary(g => g.Key, g => new { Open = g.Count(), Overdue = g.Count(a => WorkProgrammeRules.Overdue(a.Status, a.ReportBack, today)) });
        if (user.PersonId is { } person)
            Yours = await FollowUpView.LoadAsync(db, user, db.FollowUpActions.Where(a => a.OwnerId == person && a.Status == FollowUpStatus.Open), today, ct);
        Rows = committees.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new Row(c, chairs.GetValueOrDefault(c.Id), next.GetValueOrDefault(c.Id),
                actions.GetValueOrDefault(c.Id)?.Open ?? 0, actions.GetValueOrDefault(c.Id)?.Overdue ?? 0))
            .ToList();
    }
}
