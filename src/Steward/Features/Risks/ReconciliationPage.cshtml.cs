using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>What changed between two dates (two committee meetings), from each risk's latest signed-off review on or before each.</summary>
public class ReconciliationPageModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public DateOnly FromDate { get; private set; }
    public DateOnly ToDate { get; private set; }
    public IReadOnlyList<ReconciliationLine> Lines { get; private set; } = [];
    public List<(Risk Risk, RiskAction Action)> Completed { get; private set; } = [];
    public Dictionary<string, int> Ids { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = user.RequireOrganisation().Today(clock);
        ToDate = ModelState.Date(To, "to") ?? today;
        FromDate = ModelState.Date(From, "from") ?? ToDate.AddMonths(-3);
        if (FromDate > ToDate) ModelState.AddModelError("from", "The first date must be before the second");
        (From, To) = (FromDate.ToString("yyyy-MM-dd"), ToDate.ToString("yyyy-MM-dd"));
        if (!ModelState.IsValid) return;

        var risks = await db.Risks.Visible(user).Include(r => r.Actions).ToListAsync();
        var ids = risks.Select(r => r.Id).ToList();
        var reviews = (await db.RiskReviews.Where(r => ids.Contains(r.RiskId) && r.Status == ApprovalStatus.Approved).ToListAsync())
            .GroupBy(r => r.RiskId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.Id).ToList());
        RiskSnapshot? At(int riskId, DateOnly date) =>
            reviews.TryGetValue(riskId, out var list) && list.FirstOrDefault(r => r.ReviewDate <= date) is { } r ? new RiskSnapshot(r.Residual, r.Prospects) : null;
        Lines = Reconciliation.Compare(risks.Select(r => new Reconciliation.RiskHistory(r.Code, r.Title, At(r.Id, FromDate), At(r.Id, ToDate), r.ClosedOn)), FromDate, ToDate);
        Completed = risks.SelectMany(r => r.Actions.Where(a => a.CompletedOn is { } d && d > FromDate && d <= ToDate).Select(a => (r, a)))
            .OrderBy(x => x.r.Code, StringComparer.Ordinal).ToList();
        Ids = risks.ToDictionary(r => r.Code, r => r.Id);
    }

    public static string Describe(ReconciliationChange change) => change switch
    {
        ReconciliationChange.New => "New risk",
        ReconciliationChange.Closed => "Closed",
        ReconciliationChange.ScoreUp => "Score up",
        ReconciliationChange.ScoreDown => "Score down",
        _ => "Prospects changed",
    };
}
