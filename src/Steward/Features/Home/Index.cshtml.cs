using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Features.Risks;

namespace Steward.Features.Home;

public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<(Indicator Indicator, IndicatorStatus? Latest)> Rows { get; private set; } = [];
    public PerformanceSummary? Summary { get; private set; }
    public Period? ReportingPeriod { get; private set; }
    public int? OverdueCount { get; private set; }
    public int? DueFromMe { get; private set; }
    public int? ToApprove { get; private set; }
    public (int Open, int Exceptions, int Overdue, int ToSignOff)? Risks { get; private set; }

    /// <summary>Whether the user may open the risk reviews page (the home page links only to pages the role may open).</summary>
    public bool SeesReviews => user.SeesUnsignedReviews();

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        Rows = await Performance.LatestAsync(db, Organisation, ct: HttpContext.RequestAborted);
        ReportingPeriod = await Performance.ReportingPeriodAsync(db, Organisation, HttpContext.RequestAborted);
        if (ReportingPeriod is { } p)
            Summary = Performance.Summarise(await Performance.AtAsync(db, Organisation, p, HttpContext.RequestAborted));
        var today = Organisation.Today(clock);
        if (user.ManagesFramework)
            OverdueCount = (await DueResults.ListAsync(db, Organisation, today, ct: HttpContext.RequestAborted)).Count(d => d.Overdue);
        if (user.Has(Role.Updater) && user.PersonId is { } pid)
        {
            var mine = await db.Assignments.Where(a => a.PersonId == pid && a.Role == AssignmentRole.Updater).Select(a => a.IndicatorId).ToListAsync();
            DueFromMe = (await DueResults.ListAsync(db, Organisation, today, mine, HttpContext.RequestAborted)).Count;
        }
        var risks = await db.Risks.Visible(user).Where(r => !r.Closed).ToListAsync();
        if (risks.Count > 0)
        {
            var views = await RiskViews.ViewsAsync(db, Organisation, risks, today, ct: HttpContext.RequestAborted);
            var signOff = user.Has(Role.Approver) && user.PersonId is { } me
                ? await db.RiskReviews.CountAsync(r => r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email
                    && db.RiskAssignments.Any(a => a.RiskId == r.RiskId && a.PersonId == me && a.Role == RiskRole.Approver))
                : 0;
            Risks = (views.Count, views.Count(v => v.IsException), views.Count(v => v.ReviewOverdue), signOff);
        }
        if (user.Has(Role.Approver) && user.PersonId is { } approver)
        {
            var mine = await db.Assignments.Where(a => a.PersonId == approver && a.Role == AssignmentRole.Approver).Select(a => a.IndicatorId).ToListAsync();
            ToApprove = await db.Results.CountAsync(r => mine.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Submitted && r.SubmittedBy != user.Email);
        }
    }
}
