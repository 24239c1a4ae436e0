using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>An updater's list: what is due from them, for which period and by when; what awaits approval.</summary>
[RequireRole(Role.Updater)]
public class MyIndicatorsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public List<DueItem> Due { get; private set; } = [];
    public List<Result> AwaitingApproval { get; private set; } = [];
    public List<(Indicator Indicator, IndicatorStatus? Latest)> Indicators { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public PeopleNames Names { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var org = user.RequireOrganisation();
        Today = org.Today(clock);
        var ids = user.PersonId is { } pid
            ? await db.Assignments.Where(a => a.PersonId == pid && a.Role == AssignmentRole.Updater).Select(a => a.IndicatorId).ToListAsync()
            : [];
        Due = await DueResults.ListAsync(db, org, Today, ids);
        AwaitingApproval = (await db.Results.Include(r => r.Indicator)
                .Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Submitted).ToListAsync())
            .OrderBy(r => r.Indicator!.Code, StringComparer.Ordinal).ThenBy(r => r.Period).ToList();
        Indicators = await Performance.LatestAsync(db, org, ids);
        Names = await PeopleNames.LoadAsync(db, AwaitingApproval.Select(r => r.SubmittedBy));
    }
}
