using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Home;

/// <summary>
/// The overview: the report's opening sentence at the reporting period, what waits on this user, the risks' counts,
/// and the indicators with their latest approved result, a page at a time. Counts are counted by the database.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock, CouncilCache cache) : PageModel
{
    public const int PageSize = 50;

    public Organisation Organisation { get; private set; } = null!;
    public List<(Indicator Indicator, LatestResult? Latest)> Rows { get; private set; } = [];
    public Dictionary<int, string> ThemeNames { get; private set; } = [];
    public int IndicatorCount { get; private set; }
    public int PageCount => Math.Max(1, (IndicatorCount + PageSize - 1) / PageSize);
    public PerformanceSummary? Summary { get; private set; }
    public Period? ReportingPeriod { get; private set; }
    public DateOnly Today { get; private set; }
    public int? OverdueCount { get; private set; }
    public int? DueFromMe { get; private set; }
    public int? ToApprove { get; private set; }
    public (int Open, int Exceptions, int Overdue, int ToSignOff)? Risks { get; private set; }

    /// <summary>This user's committee reports whose deadlines are near or past (<see cref="WorkProgrammeRules.Reminds"/>), soonest first.</summary>
    public List<WorkProgrammeItem> Deadlines { get; private set; } = [];

    /// <summary>How many open follow-up actions this user owns, and how many of them are overdue.</summary>
    public (int Open, int Overdue) FollowUps { get; private set; }

    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    /// <summary>Whether the user may open the risk reviews page (the home page links only to pages the role may open).</summary>
    public bool SeesReviews => user.SeesUnsignedReviews();

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        var today = Today = Organisation.Today(clock);
        ReportingPeriod = await Performance.ReportingPeriodAsync(db, Organisation, ct);
        if (ReportingPeriod is { } p) Summary = await CouncilFigures.SummaryAsync(cache, db, Organisation, p, ct);
        if (user.ManagesFramework)
            OverdueCount = (await CouncilFigures.PendingAsync(cache, db, Organisation, today, ct)).Count(d => d.Overdue);
        if (user.Has(Role.Updater) && user.PersonId is { } pid)
            DueFromMe = (await CouncilFigures.PendingForUpdaterAsync(cache, db, Organisation, today, pid, ct)).Count;
        if (user.Has(Role.Approver) && user.PersonId is { } approver)
            ToApprove = await db.Results.CountAsync(r => r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email
                && db.Assignments.Any(a => a.IndicatorId == r.IndicatorId && a.PersonId == approver && a.Role == AssignmentRole.Approver), ct);
        await CountRisksAsync(today, ct);
        if (user.PersonId is { } person) await LoadCommitteeWorkAsync(person, today, ct);
        await LoadIndicatorsAsync(ct);
    }

    private async Task CountRisksAsync(DateOnly today, CancellationToken ct)
    {
        var open = db.Risks.Visible(user).Where(r => !r.Closed);
        var count = await open.CountAsync(ct);
        if (count == 0) return;
        var exceptions = await open.Exceptions(Organisation.RiskExceptionThreshold).CountAsync(ct);
        var overdue = await open.ReviewOverdue(today).CountAsync(ct);
        var signOff = user.Has(Role.Approver) && user.PersonId is { } me
            ? await db.RiskReviews.CountAsync(r => r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email
                && db.RiskAssignments.Any(a => a.RiskId == r.RiskId && a.PersonId == me && a.Role == RiskRole.Approver), ct)
            : 0;
        Risks = (count, exceptions, overdue, signOff);
    }

    private async Task LoadCommitteeWorkAsync(int person, DateOnly today, CancellationToken ct)
    {
        // The database keeps this person's outstanding items of meetings still to come; the rule picks the reminders.
        var outstanding = await db.WorkProgrammeItems
            .Where(i => i.LeadOfficerId == person && (i.Status == ItemStatus.Planned || i.Status == ItemStatus.Drafting)
                && !i.Meeting!.Cancelled && i.Meeting.Date >= today)
            .Include(i => i.Meeting).ThenInclude(m => m!.Committee).AsNoTracking().ToListAsync(ct);
        Deadlines = outstanding.Where(i => WorkProgrammeRules.Reminds(i.Status, i.Meeting!.ReportDeadline, i.Meeting.Date, i.Meeting.Cancelled, today))
            .OrderBy(i => i.Meeting!.ReportDeadline).ThenBy(i => i.Meeting!.Date).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var owned = await db.FollowUpActions.Where(a => a.OwnerId == person && a.Status == FollowUpStatus.Open)
            .Select(a => new { a.Status, ReportBack = a.ReportBackMeeting == null ? (DateOnly?)null : a.ReportBackMeeting.Date }).ToListAsync(ct);
        FollowUps = (owned.Count, owned.Count(a => WorkProgrammeRules.Overdue(a.Status, a.ReportBack, today)));
    }

    /// <summary>A page of indicators in theme and code order, with each one's latest approved result.</summary>
    private async Task LoadIndicatorsAsync(CancellationToken ct)
    {
        ThemeNames = await db.Themes.ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        string Theme(int? id) => id is { } t && ThemeNames.TryGetValue(t, out var name) ? name : "No theme";
        var all = (await db.Indicators.Where(i => !i.Retired).Select(i => new { i.Id, i.ThemeId, i.Code }).ToListAsync(ct))
            .OrderBy(i => Theme(i.ThemeId), StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        IndicatorCount = all.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var ids = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(i => i.Id).ToList();
        var indicators = (await db.Indicators.Where(i => ids.Contains(i.Id)).AsNoTracking().ToListAsync(ct)).ToDictionary(i => i.Id);
        var latest = await Performance.LatestAsync(db, Organisation, indicators.Values, ct);
        Rows = ids.Select(id => (indicators[id], latest.GetValueOrDefault(id))).ToList();
    }

    public string ThemeOf(Indicator i) => i.ThemeId is { } t && ThemeNames.TryGetValue(t, out var name) ? name : "No theme";
}
