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

        // Each risk's position at each date: its latest signed-off review on or before it (one index seek per risk and date).
        var risks = await db.Risks.Visible(user).Select(r => new { r.Id, r.Code, r.Title, r.ClosedOn }).ToListAsync();
        var (atFrom, atTo) = (await SnapshotsAsync(FromDate), await SnapshotsAsync(ToDate));
        Lines = Reconciliation.Compare(risks.Select(r => new Reconciliation.RiskHistory(r.Code, r.Title,
            atFrom.GetValueOrDefault(r.Id), atTo.GetValueOrDefault(r.Id), r.ClosedOn)), FromDate, ToDate);
        var (from, to) = (FromDate, ToDate);
        Completed = (await db.RiskActions.Include(a => a.Risk).Where(a => a.CompletedOn > from && a.CompletedOn <= to && db.Risks.Visible(user).Any(r => r.Id == a.RiskId))
                .ToListAsync())
            .Select(a => (a.Risk!, a)).OrderBy(x => x.Item1.Code, StringComparer.Ordinal).ToList();
        Ids = risks.ToDictionary(r => r.Code, r => r.Id);
    }

    private async Task<Dictionary<int, RiskSnapshot>> SnapshotsAsync(DateOnly date) =>
        (await db.Risks.Visible(user)
            .Select(r => new
            {
                r.Id,
                Latest = db.RiskReviews.Where(x => x.RiskId == r.Id && x.Status == ApprovalStatus.Approved && x.ReviewDate <= date)
                    .OrderByDescending(x => x.ReviewDate).ThenByDescending(x => x.Id)
                    .Select(x => new { x.ResidualLikelihood, x.ResidualImpact, x.Prospects }).FirstOrDefault(),
            })
            .Where(r => r.Latest != null)
            .ToListAsync())
        .ToDictionary(r => r.Id, r => new RiskSnapshot(RiskScore.Of(r.Latest!.ResidualLikelihood, r.Latest.ResidualImpact), r.Latest.Prospects));

    public static string Describe(ReconciliationChange change) => change switch
    {
        ReconciliationChange.New => "New risk",
        ReconciliationChange.Closed => "Closed",
        ReconciliationChange.ScoreUp => "Score up",
        ReconciliationChange.ScoreDown => "Score down",
        _ => "Prospects changed",
    };
}
