using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// The exception report (Norfolk, seed 004): full detail for risks at or above the threshold whose prospects are amber
/// or red, highest score first, 20 a page; a one-line summary of the rest, 100 a page. The public version leaves out
/// Part II risks. The filters run in the database; only the shown risks are loaded, with their latest signed-off review.
/// </summary>
public class ExceptionsModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int ExceptionsPageSize = 20, OthersPageSize = 100;

    public static readonly string[] Prompts =
    [
        "Why are we not meeting our target risk score?",
        "What is the impact of not meeting our target risk score?",
        "What progress with risk mitigation is predicted?",
        "How can progress with risk mitigation be improved?",
        "When will progress be back on track?",
        "What can we learn for the future?",
    ];

    [BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [BindProperty(SupportsGet = true)] public bool Public { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "opg")] public int OthersPageNumber { get; set; } = 1;

    public Organisation Organisation { get; private set; } = null!;
    public List<RiskView> Exceptions { get; private set; } = [];
    public int ExceptionCount { get; private set; }
    public List<RiskView> Others { get; private set; } = [];
    public int OtherCount { get; private set; }
    public Dictionary<int, RiskReview> LatestReviews { get; private set; } = [];
    public LoadedMatrix? Matrix { get; private set; }
    public string Scope { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        var today = Organisation.Today(clock);
        Matrix = await RiskMatrixStore.LoadAsync(db, ct);
        var scope = db.Risks.Visible(user).Where(r => !r.Closed);
        if (Public) scope = scope.Where(r => !r.Exempt);
        Scope = Organisation.Name;
        if (Register is { } rid)
        {
            var registers = await db.RiskRegisters.ToListAsync(ct);
            if (registers.FirstOrDefault(r => r.Id == rid) is { } reg)
            {
                var within = IndexModel.Descendants(rid, registers).ToList();
                scope = scope.Where(r => within.Contains(r.RegisterId));
                Scope = RiskRegister.Describe(reg, registers.ToDictionary(r => r.Id), Organisation.Name);
            }
        }

        var exceptions = scope.Exceptions(Organisation.RiskExceptionThreshold);
        var exceptionIds = await exceptions.Select(r => r.Id).ToListAsync(ct);
        var (ids, count, page) = await RiskQueries.PageAsync(exceptions, PageNumber, ExceptionsPageSize, ct,
            all => all.OrderByDescending(r => r.Score).ThenBy(r => r.Code, StringComparer.Ordinal));
        (ExceptionCount, PageNumber) = (count, page);
        var shown = await db.Risks.Include(r => r.Owner).Include(r => r.PortfolioHolder).Include(r => r.Actions)
            .Where(r => ids.Contains(r.Id)).AsSplitQuery().AsNoTracking().ToListAsync(ct);
        var views = (await RiskViews.ViewsAsync(db, Organisation, shown, today, ct: ct)).ToDictionary(v => v.Risk.Id);
        Exceptions = ids.Select(id => views[id]).ToList();
        // Each shown exception's latest signed-off review, for its commentary.
        LatestReviews = (await db.RiskReviews
                .Where(r => ids.Contains(r.RiskId) && r.Status == ApprovalStatus.Approved
                            && r.Id == db.RiskReviews.Where(x => x.RiskId == r.RiskId && x.Status == ApprovalStatus.Approved)
                                .OrderByDescending(x => x.ReviewDate).ThenByDescending(x => x.Id).Select(x => x.Id).First())
                .ToListAsync(ct))
            .ToDictionary(r => r.RiskId);

        var others = scope.Where(r => !exceptionIds.Contains(r.Id));
        var (otherIds, otherCount, otherPage) = await RiskQueries.PageAsync(others, OthersPageNumber, OthersPageSize, ct);
        (OtherCount, OthersPageNumber) = (otherCount, otherPage);
        var otherRisks = await db.Risks.Where(r => otherIds.Contains(r.Id)).AsNoTracking().ToListAsync(ct);
        var otherViews = (await RiskViews.ViewsAsync(db, Organisation, otherRisks, today, ct: ct)).ToDictionary(v => v.Risk.Id);
        Others = otherIds.Select(id => otherViews[id]).ToList();
    }

    /// <summary>This page's address with its settings, at the given pages of exceptions and of the other risks.</summary>
    public string Link(int page, int othersPage) => PageAddress.Of("/risks/exceptions",
        ("register", Register?.ToString(CultureInfo.InvariantCulture)), ("public", PageAddress.Flag(Public)),
        ("pg", PageAddress.PageNumber(page)), ("opg", PageAddress.PageNumber(othersPage)));
}
