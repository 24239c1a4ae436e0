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
/// The heat map of a register (and those under it) or of the whole organisation: a count of risks in each cell, linked
/// to that cell's risks, listed beside the map a page at a time. It reads only the scores of the risks in scope.
/// </summary>
public class HeatMapPageModel(StewardDb db, CurrentUser user) : PageModel
{
    public const int PageSize = 20;

    public Organisation Organisation { get; private set; } = null!;
    public LoadedMatrix? Matrix { get; private set; }
    public string Svg { get; private set; } = "";
    public string Scope { get; private set; } = "";
    public List<(int Id, string Path)> Registers { get; private set; } = [];
    public IReadOnlyList<HeatMapCell> Cells { get; private set; } = [];
    public IReadOnlyList<HeatMapMove> Moves { get; private set; } = [];
    public int RiskCount { get; private set; }

    /// <summary>The cell whose risks are listed, with one page of them (ordered by code) and the number of pages.</summary>
    public RiskScore? Selected { get; private set; }
    public List<Risk> CellRisks { get; private set; } = [];
    public int CellCount { get; private set; }
    public int PageCount => Math.Max(1, (CellCount + PageSize - 1) / PageSize);

    [BindProperty(SupportsGet = true)] public int? Register { get; set; }
    [BindProperty(SupportsGet = true)] public bool Inherent { get; set; }
    [BindProperty(SupportsGet = true)] public bool Movement { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cell { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        Matrix = await RiskMatrixStore.LoadAsync(db);
        var registers = await db.RiskRegisters.ToListAsync();
        var byId = registers.ToDictionary(r => r.Id);
        Registers = registers.Select(r => (r.Id, RiskRegister.Describe(r, byId, Organisation.Name))).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
        var query = db.Risks.Visible(user).Where(r => !r.Closed);
        Scope = Organisation.Name;
        if (Register is { } rid && byId.TryGetValue(rid, out var reg))
        {
            var within = IndexModel.Descendants(rid, registers);
            query = query.Where(r => within.Contains(r.RegisterId));
            Scope = RiskRegister.Describe(reg, byId, Organisation.Name);
        }
        var scores = await query.Select(r => new
        {
            r.Id, r.Code, r.ResidualLikelihood, r.ResidualImpact, r.InherentLikelihood, r.InherentImpact, r.PreviousLikelihood, r.PreviousImpact,
        }).ToListAsync();
        RiskCount = scores.Count;
        var items = scores.Select(r => new HeatMapItem(r.Code, RiskScore.Of(r.ResidualLikelihood, r.ResidualImpact),
            RiskScore.Of(r.InherentLikelihood, r.InherentImpact), RiskScore.Of(r.PreviousLikelihood, r.PreviousImpact))).ToList();
        Cells = HeatMap.Cells(items);
        Moves = HeatMap.Moves(items);
        if (Matrix is null) return;

        if (ParseCell(Cell) is { } cell && Matrix.Model.Contains(cell))
        {
            Selected = cell;
            var ids = scores.Where(r => r.ResidualLikelihood == cell.Likelihood && r.ResidualImpact == cell.Impact)
                .OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Id).ToList();
            CellCount = ids.Count;
            PageNumber = Math.Clamp(PageNumber, 1, PageCount);
            var shown = ids.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
            CellRisks = (await db.Risks.Include(r => r.Owner).Where(r => shown.Contains(r.Id)).ToListAsync())
                .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        }
        Svg = HeatMap.Render(Matrix, items, Inherent, Movement, $"Heat map: {Scope}", (l, i) => Link(new RiskScore(l, i)), Selected);
    }

    private static RiskScore? ParseCell(string? text)
    {
        var parts = text?.Split('-');
        return parts is [var l, var i] && int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var lv)
               && int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var iv)
            ? new RiskScore(lv, iv) : null;
    }

    /// <summary>This page's address showing one cell's risks (and a page of them), keeping the other settings.</summary>
    public string Link(RiskScore? cell, int page = 1)
    {
        var q = new Dictionary<string, string?>
        {
            ["register"] = Register?.ToString(CultureInfo.InvariantCulture), ["inherent"] = Inherent ? "true" : null, ["movement"] = Movement ? "true" : null,
            ["cell"] = cell is { } c ? $"{c.Likelihood}-{c.Impact}" : null, ["pg"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
        };
        var query = string.Join("&", q.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}"));
        return "/risks/heatmap" + (query.Length > 0 ? "?" + query : "") + (cell is null ? "" : "#cell-risks");
    }
}
