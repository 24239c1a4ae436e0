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
    public const int PageSize = 50;

    /// <summary>A page of the indicators the user updates, by code, with each one's latest approved result.</summary>
    public List<(Indicator Indicator, LatestResult? Latest)> Indicators { get; private set; } = [];
    public int IndicatorCount { get; private set; }
    public int PageCount => Math.Max(1, (IndicatorCount + PageSize - 1) / PageSize);
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;
    public DateOnly Today { get; private set; }
    public PeopleNames Names { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var org = user.RequireOrganisation();
        Today = org.Today(clock);
        var ids = user.PersonId is { } pid
            ? await db.Assignments.Where(a => a.PersonId == pid && a.Role == AssignmentRole.Updater).Select(a => a.IndicatorId).ToListAsync()
            : [];
        Due = await DueResults.ListAsync(db, org, Today, db.Indicators.Where(i => ids.Contains(i.Id)));
        AwaitingApproval = (await db.Results.Include(r => r.Indicator)
                .Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Submitted).ToListAsync())
            .OrderBy(r => r.Indicator!.Code, StringComparer.Ordinal).ThenBy(r => r.Period).ToList();
        var codes = (await db.Indicators.Where(i => ids.Contains(i.Id) && !i.Retired).Select(i => new { i.Id, i.Code }).ToListAsync())
            .OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        IndicatorCount = codes.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = codes.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(i => i.Id).ToList();
        var indicators = (await db.Indicators.Where(i => page.Contains(i.Id)).AsNoTracking().ToListAsync()).ToDictionary(i => i.Id);
        var latest = await Performance.LatestAsync(db, org, indicators.Values);
        Indicators = page.Select(id => (indicators[id], latest.GetValueOrDefault(id))).ToList();
        Names = await PeopleNames.LoadAsync(db, AwaitingApproval.Select(r => r.SubmittedBy));
    }
}
