using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// What changed between two dates (two committee meetings), from each risk's latest signed-off review on or before each:
/// counted by kind of change, and listed a page at a time (all changes or one kind). The comparison reads two positions
/// per risk, each an index seek; only the listed page is rendered.
/// </summary>
public class ReconciliationPageModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;
    public const int CompletedShown = 50;

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    /// <summary>The kind of change listed (its <see cref="Setting"/>), or all when empty.</summary>
    [BindProperty(SupportsGet = true, Name = "change")] public string? Change { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    /// <summary>How many risks had each kind of change, in the order the kinds are described.</summary>
    public List<(ReconciliationChange Change, int Count)> Counts { get; private set; } = [];
    /// <summary>The kind of change listed, or null for all.</summary>
    public ReconciliationChange? Listed { get; private set; }
    public int ListedCount { get; private set; }
    public int PageCount => Math.Max(1, (ListedCount + PageSize - 1) / PageSize);
    public int CompletedCount { get; private set; }

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
        var lines = Reconciliation.Compare(risks.Select(r => new Reconciliation.RiskHistory(r.Code, r.Title,
            atFrom.GetValueOrDefault(r.Id), atTo.GetValueOrDefault(r.Id), r.ClosedOn)), FromDate, ToDate);
        Counts = Enum.GetValues<ReconciliationChange>().Select(c => (c, lines.Count(l => l.Change == c))).Where(x => x.Item2 > 0).ToList();
        Listed = Enum.GetValues<ReconciliationChange>().Where(c => Setting(c) == Change).Select(c => (ReconciliationChange?)c).FirstOrDefault();
        if (Listed is null) Change = null;
        var listed = Listed is { } kind ? lines.Where(l => l.Change == kind).ToList() : [.. lines];
        ListedCount = listed.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Lines = listed.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        Ids = risks.ToDictionary(r => r.Code, r => r.Id);

        var (from, to) = (FromDate, ToDate);
        var completed = db.RiskActions.Where(a => a.CompletedOn > from && a.CompletedOn <= to && db.Risks.Visible(user).Any(r => r.Id == a.RiskId));
        CompletedCount = await completed.CountAsync();
        Completed = (await completed.OrderByDescending(a => a.CompletedOn).ThenBy(a => a.Id).Take(CompletedShown).Include(a => a.Risk).ToListAsync())
            .Select(a => (a.Risk!, a)).OrderBy(x => x.Item1.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>A kind of change as the page's address writes it.</summary>
    public static string Setting(ReconciliationChange change) => change switch
    {
        ReconciliationChange.New => "new",
        ReconciliationChange.Closed => "closed",
        ReconciliationChange.ScoreUp => "score-up",
        ReconciliationChange.ScoreDown => "score-down",
        _ => "prospects",
    };

    /// <summary>This page's address for the same dates, listing one kind of change (or all), at page <paramref name="page"/>.</summary>
    public string Link(string? change, int page = 1) =>
        PageAddress.Of("/risks/reconciliation", ("from", From), ("to", To), ("change", change), ("pg", PageAddress.PageNumber(page)));

    private Task<Dictionary<int, RiskSnapshot>> SnapshotsAsync(DateOnly date) => SnapshotsAsync(db, db.Risks.Visible(user), date);

    /// <summary>
    /// Each of <paramref name="risks"/>' position on <paramref name="date"/>: its latest signed-off review on or before it
    /// (one index seek per risk), by risk id; risks with none are left out.
    /// </summary>
    public static async Task<Dictionary<int, RiskSnapshot>> SnapshotsAsync(StewardDb db, IQueryable<Risk> risks, DateOnly date, CancellationToken ct = default) =>
        (await risks
            .Select(r => new
            {
                r.Id,
                Latest = db.RiskReviews.Where(x => x.RiskId == r.Id && x.Status == ApprovalStatus.Approved && x.ReviewDate <= date)
                    .OrderByDescending(x => x.ReviewDate).ThenByDescending(x => x.Id)
                    .Select(x => new { x.ResidualLikelihood, x.ResidualImpact, x.Prospects }).FirstOrDefault(),
            })
            .Where(r => r.Latest != null)
            .ToListAsync(ct))
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
