using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// The registers and their risks, 50 a page, filtered by register, exceptions, overdue reviews, flags from red
/// indicators, the user's own and text; exempt risks only for those cleared. Counts and filters run in the database;
/// only the page's risks are loaded in full.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [BindProperty(SupportsGet = true)] public bool Exceptions { get; set; }
    [BindProperty(SupportsGet = true)] public bool Closed { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public bool Flagged { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public Organisation Organisation { get; private set; } = null!;
    public List<(RiskRegister Register, string Path, int Depth, int Count)> Registers { get; private set; } = [];
    public List<RiskView> Risks { get; private set; } = [];
    public int RiskCount { get; private set; }
    public int PageCount => Math.Max(1, (RiskCount + PageSize - 1) / PageSize);
    public bool ManagesRisks => user.ManagesRisks();
    public bool CanFilterMine => user.PersonId is not null && user.Has(Accounts.Role.RiskOwner);

    public Task OnGetAsync() => LoadAsync(PageSize);

    /// <summary>
    /// The risks as filtered — every page — as a workbook: code, title, register, owner, each score with its band,
    /// prospects, next review and the page's flags. Exempt risks only for those cleared, as on the page.
    /// </summary>
    public async Task<IActionResult> OnGetWorkbookAsync()
    {
        await LoadAsync(int.MaxValue);
        static SheetCell Score(RiskScore? s) => s is { } v ? new SheetCell(Show.Score(v), v.Value, "0") : new SheetCell(Show.Score(null));
        var rows = Risks.Select(v => (IReadOnlyList<SheetCell>)
        [
            v.Risk.Code, v.Risk.Title, v.Path, v.Risk.Owner?.Name ?? "Not set",
            Score(v.Risk.Inherent), Show.Word(v.InherentBand?.Name), Score(v.Risk.Residual), Show.Word(v.ResidualBand?.Name),
            Score(v.Previous), Show.Word(v.PreviousBand?.Name), Score(v.Risk.Target), Show.Word(v.TargetBand?.Name),
            v.Risk.Prospects is { } p ? new SheetCell(Show.Prospects(p), Fill: Show.RagFill(p.Rag())) : new SheetCell("Not set"),
            v.Risk.NextReviewDate?.ToString("yyyy-MM-dd"), v.ReviewOverdue ? "Overdue" : null, v.IsException ? "Exception" : null,
            v.FlaggedForReview ? "Indicator red" : null, v.Risk.Exempt ? "Part II" : null,
        ]).ToList();
        var sheet = new Sheet(Closed ? "Closed risks" : "Risks",
            ["Code", "Title", "Register", "Owner", "Inherent", "Inherent band", "Current", "Current band", "Previous", "Previous band", "Target", "Target band",
             "Prospects", "Next review", "Review", "Exception", "Indicator", "Part II"], rows);
        return File(Xlsx.Write($"{Organisation.Name}: risk register", [sheet]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{Organisation.Code}-risks{(Closed ? "-closed" : "")}.xlsx".ToLowerInvariant());
    }

    private async Task LoadAsync(int pageSize)
    {
        var ct = HttpContext.RequestAborted;
        Organisation = user.RequireOrganisation();
        var today = Organisation.Today(clock);
        var registers = await db.RiskRegisters.ToListAsync(ct);
        var byId = registers.ToDictionary(r => r.Id);
        var visible = db.Risks.Visible(user);
        var query = visible.Where(r => r.Closed == Closed);
        if (Register is { } rid && byId.ContainsKey(rid))
        {
            var within = Descendants(rid, registers).ToList();
            query = query.Where(r => within.Contains(r.RegisterId));
        }
        if (Exceptions) query = query.Exceptions(Organisation.RiskExceptionThreshold);
        if (Overdue) query = query.ReviewOverdue(today);
        if (Mine && CanFilterMine) query = query.ReviewedBy(user.PersonId!.Value);
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Matching(Q);
        if (Flagged)
        {
            var flagged = (await RiskQueries.FlaggedAsync(db, Organisation, query, ct)).ToList();
            query = query.Where(r => flagged.Contains(r.Id));
        }
        var (ids, count, page) = await RiskQueries.PageAsync(query, PageNumber, pageSize, ct);
        (RiskCount, PageNumber) = (count, page);
        var risks = await db.Risks.Include(r => r.Owner).Where(r => ids.Contains(r.Id)).AsNoTracking().ToListAsync(ct);
        var views = (await RiskViews.ViewsAsync(db, Organisation, risks, today, pending: user.SeesUnsignedReviews(), ct: ct)).ToDictionary(v => v.Risk.Id);
        Risks = ids.Select(id => views[id]).ToList();

        var counts = await visible.Where(r => !r.Closed).GroupBy(r => r.RegisterId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        void Walk(int? parent, int depth)
        {
            foreach (var r in registers.Where(r => r.ParentId == parent).OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                var total = Descendants(r.Id, registers).Sum(id => counts.GetValueOrDefault(id));
                Registers.Add((r, RiskRegister.Describe(r, byId, Organisation.Name), depth, total));
                Walk(r.Id, depth + 1);
            }
        }
        Walk(null, 0);
    }

    /// <summary>This page's address with its filters, at page <paramref name="page"/>.</summary>
    public string Link(int page) => Address(("pg", PageAddress.PageNumber(page)));

    /// <summary>The workbook of the risks as filtered: every page.</summary>
    public string WorkbookLink() => Address(("handler", "Workbook"));

    private string Address((string, string?) last) => PageAddress.Of("/risks",
        ("register", Register?.ToString(CultureInfo.InvariantCulture)), ("exceptions", PageAddress.Flag(Exceptions)), ("closed", PageAddress.Flag(Closed)),
        ("overdue", PageAddress.Flag(Overdue)), ("flagged", PageAddress.Flag(Flagged)), ("mine", PageAddress.Flag(Mine)), ("q", Q), last);

    public static HashSet<int> Descendants(int id, IReadOnlyList<RiskRegister> all)
    {
        var result = new HashSet<int> { id };
        var added = true;
        while (added)
        {
            added = false;
            foreach (var r in all.Where(r => r.ParentId is { } p && result.Contains(p) && !result.Contains(r.Id)))
                added |= result.Add(r.Id);
        }
        return result;
    }
}
