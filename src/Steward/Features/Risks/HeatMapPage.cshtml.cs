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
            var within = IndexModel.Descendants(rid, registers).ToList();
            query = query.Where(r => within.Contains(r.RegisterId));
            Scope = RiskRegister.Describe(reg, byId, Organisation.Name);
        }
        // Counted by the database: a row per occupied cell, and per pair of cells risks moved between.
        RiskCount = await query.CountAsync();
        var current = (await query.Where(r => r.ResidualLikelihood != null && r.ResidualImpact != null)
                .GroupBy(r => new { L = r.ResidualLikelihood!.Value, I = r.ResidualImpact!.Value }).Select(g => new { g.Key.L, g.Key.I, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => new RiskScore(x.L, x.I), x => x.Count);
        var inherent = !Inherent ? [] : (await query.Where(r => r.InherentLikelihood != null && r.InherentImpact != null)
                .GroupBy(r => new { L = r.InherentLikelihood!.Value, I = r.InherentImpact!.Value }).Select(g => new { g.Key.L, g.Key.I, Count = g.Count() }).ToListAsync())
            .ToDictionary(x => new RiskScore(x.L, x.I), x => x.Count);
        Cells = HeatMap.Cells(current, inherent);
        if (Movement) Moves = await MovesAsync(query);
        if (Matrix is null) return;

        if (ParseCell(Cell) is { } cell && Matrix.Model.Contains(cell))
        {
            Selected = cell;
            var (ids, count, page) = await RiskQueries.PageAsync(query.Where(r => r.ResidualLikelihood == cell.Likelihood && r.ResidualImpact == cell.Impact), PageNumber, PageSize);
            (CellCount, PageNumber) = (count, page);
            CellRisks = (await db.Risks.Include(r => r.Owner).Where(r => ids.Contains(r.Id)).AsNoTracking().ToListAsync())
                .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        }
        Svg = HeatMap.Render(Matrix, Cells, Moves, Inherent, $"Heat map: {Scope}", (l, i) => Link(new RiskScore(l, i)), Selected);
    }

    /// <summary>Risks whose current score differs from the one signed off before it, grouped by the pair of cells.</summary>
    private static async Task<IReadOnlyList<HeatMapMove>> MovesAsync(IQueryable<Risk> query)
    {
        var moved = await query
            .Where(r => r.ResidualLikelihood != null && r.ResidualImpact != null && r.PreviousLikelihood != null && r.PreviousImpact != null
                        && (r.ResidualLikelihood != r.PreviousLikelihood || r.ResidualImpact != r.PreviousImpact))
            .Select(r => new { r.Code, From = new { L = r.PreviousLikelihood!.Value, I = r.PreviousImpact!.Value }, To = new { L = r.ResidualLikelihood!.Value, I = r.ResidualImpact!.Value } })
            .ToListAsync();
        return moved.GroupBy(m => (From: new RiskScore(m.From.L, m.From.I), To: new RiskScore(m.To.L, m.To.I)))
            .Select(g => new HeatMapMove(g.Key.From, g.Key.To, g.Count(), g.Select(m => m.Code).Order(StringComparer.Ordinal).Take(HeatMapMove.CodesShown).ToList()))
            .OrderByDescending(m => m.To.Value).ThenBy(m => m.From.Value).ToList();
    }

    private static RiskScore? ParseCell(string? text)
    {
        var parts = text?.Split('-');
        return parts is [var l, var i] && int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var lv)
               && int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var iv)
            ? new RiskScore(lv, iv) : null;
    }

    /// <summary>This page's address showing one cell's risks (and a page of them), keeping the other settings.</summary>
    public string Link(RiskScore? cell, int page = 1) => PageAddress.Of("/risks/heatmap",
        ("register", Register?.ToString(CultureInfo.InvariantCulture)), ("inherent", PageAddress.Flag(Inherent)), ("movement", PageAddress.Flag(Movement)),
        ("cell", cell is { } c ? $"{c.Likelihood}-{c.Impact}" : null), ("pg", PageAddress.PageNumber(page))) + (cell is null ? "" : "#cell-risks");
}
