using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Finance;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>
/// What an indicator's performance bears on, for the exception criteria <c>budget</c> and <c>corporate_risk</c> (seed 004):
/// the budget lines it is linked to (added one committee's lines at a time, removed one by one; each change audited), and
/// the risks it gives assurance for (linked on the risk's page).
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class LinksModel(StewardDb db, CurrentUser user) : PageModel
{
    public Indicator Indicator { get; private set; } = null!;
    public List<(IndicatorBudgetLink Link, string Committee, string Service)> Lines { get; private set; } = [];
    public List<(int Id, string Code, string Name)> Committees { get; private set; } = [];

    /// <summary>The committee whose lines are offered to add, and those lines not linked yet.</summary>
    public (int Id, string Code, string Name)? Committee { get; private set; }
    public List<BudgetLine> Offered { get; private set; } = [];
    public List<(int Id, string Code, string Title, string Register, bool Corporate)> Risks { get; private set; } = [];

    [BindProperty] public int? LineId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? committee) =>
        await LoadAsync(id, committee) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(int id, string? committee)
    {
        if (!await LoadAsync(id, committee)) return NotFound();
        if (LineId is not { } lineId || Offered.All(l => l.Id != lineId))
        {
            ModelState.AddModelError("line", "Choose one of the committee's budget lines that is not linked yet");
            return Page();
        }
        db.IndicatorBudgetLinks.Add(new IndicatorBudgetLink { IndicatorId = id, LineId = lineId });
        await db.SaveChangesAsync();
        return Redirect($"/manage/indicators/{id}/links?committee={Uri.EscapeDataString(committee ?? "")}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int linkId)
    {
        var link = await db.IndicatorBudgetLinks.Include(l => l.Indicator).Include(l => l.Line)
            .SingleOrDefaultAsync(l => l.Id == linkId && l.IndicatorId == id);
        if (link is null) return NotFound();
        db.IndicatorBudgetLinks.Remove(link);
        await db.SaveChangesAsync();
        return Redirect($"/manage/indicators/{id}/links");
    }

    private async Task<bool> LoadAsync(int id, string? committee)
    {
        user.RequireOrganisation();
        var ct = HttpContext.RequestAborted;
        if (await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) is not { } indicator) return false;
        Indicator = indicator;
        Lines = (await db.IndicatorBudgetLinks.AsNoTracking().Where(l => l.IndicatorId == id)
                .Include(l => l.Line!).ThenInclude(l => l.Committee).Include(l => l.Line!).ThenInclude(l => l.Service).ToListAsync(ct))
            .Select(l => (l, l.Line!.Committee!.Name, l.Line.Service!.Name))
            .OrderBy(x => x.Item2, StringComparer.Ordinal).ThenBy(x => x.Item3, StringComparer.Ordinal).ThenBy(x => x.l.Line!.Position).ToList();
        Committees = (await db.Committees.Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Code, c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        Committee = Committees.Where(c => string.Equals(c.Code, committee, StringComparison.OrdinalIgnoreCase)).Cast<(int, string, string)?>().FirstOrDefault();
        if (Committee is { } chosen)
        {
            var linked = Lines.Select(l => l.Link.LineId).ToHashSet();
            Offered = (await db.BudgetLines.AsNoTracking().Include(l => l.Service).Where(l => l.CommitteeId == chosen.Id).ToListAsync(ct))
                .Where(l => !linked.Contains(l.Id)).OrderBy(l => l.Kind).ThenBy(l => l.Position).ToList();
        }
        var registers = await db.RiskRegisters.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        Risks = (await db.RiskAssurances.AsNoTracking().Where(a => a.IndicatorId == id).Select(a => a.Risk!).Distinct().ToListAsync(ct))
            .Select(r => (r.Id, r.Code, r.Title, Steward.Features.Risks.RiskRegister.Describe(registers[r.RegisterId], registers, user.RequireOrganisation().Name), registers[r.RegisterId].Corporate))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        return true;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
