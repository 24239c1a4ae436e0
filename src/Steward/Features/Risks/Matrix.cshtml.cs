using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Risks;

/// <summary>
/// The risk matrix, configured cell by cell, with labelled levels and named bands. Changing the number of
/// levels when risks are scored needs a mapping of old levels to new ones, previewed before it is applied;
/// scores are then moved, never silently re-scored, and every change is audit-logged.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class MatrixModel(StewardDb db, CurrentUser user) : PageModel
{
    public LoadedMatrix? Current { get; private set; }
    public List<RiskBand> Bands { get; private set; } = [];
    public int Likelihoods { get; private set; }
    public int Impacts { get; private set; }
    public string[] LikelihoodLabels { get; private set; } = [];
    public string[] ImpactLabels { get; private set; } = [];
    public string[,] CellBands { get; private set; } = new string[0, 0];
    public bool Resizing { get; private set; }
    public Dictionary<int, int> LikelihoodMap { get; private set; } = [];
    public Dictionary<int, int> ImpactMap { get; private set; } = [];
    public List<(string Code, string Which, RiskScore From, RiskScore To)> Moves { get; private set; } = [];
    public string? Saved { get; private set; }

    [BindProperty] public string? BandName { get; set; }
    [BindProperty] public string? BandColour { get; set; }

    public async Task OnGetAsync(int? likelihoods, int? impacts, string? saved)
    {
        Saved = saved;
        await LoadAsync();
        if (likelihoods is { } l && impacts is { } i && (l != Likelihoods || i != Impacts))
            StartResize(l, i);
    }

    /// <summary>Saves labels and bands on the same levels: cells re-band in place.</summary>
    public async Task<IActionResult> OnPostSaveAsync()
    {
        await LoadAsync();
        var (l, i) = (FormInt("likelihoods") ?? Likelihoods, FormInt("impacts") ?? Impacts);
        if (!RiskMatrixModel.IsValidSize(l) || !RiskMatrixModel.IsValidSize(i)) return BadRequest();
        if (Current is not null && (l != Likelihoods || i != Impacts)) return BadRequest();
        if (!ReadGrid(l, i)) return Page();
        var bands = await RiskMatrixStore.BandsAsync(db);
        await RiskMatrixStore.ReplaceAsync(db, LikelihoodLabels, ImpactLabels, (x, y) => bands[CellBands[x - 1, y - 1]]);
        await db.SaveChangesAsync();
        return Redirect("/manage/risk-matrix?saved=matrix");
    }

    /// <summary>Shows the effect of a new size and mapping before anything changes.</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        await LoadAsync();
        if (Current is null) return BadRequest();
        if (FormInt("newLikelihoods") is not { } l || FormInt("newImpacts") is not { } i || !RiskMatrixModel.IsValidSize(l) || !RiskMatrixModel.IsValidSize(i))
        {
            ModelState.AddModelError("new-likelihoods", $"Choose {RiskMatrixModel.MinLevels} to {RiskMatrixModel.MaxLevels} levels on each axis");
            return Page();
        }
        StartResize(l, i);
        ReadMapping();
        if (ModelState.IsValid) await PreviewMovesAsync();
        return Page();
    }

    /// <summary>Applies the new size: scores moved by the mapping, the matrix replaced, all in one transaction.</summary>
    public async Task<IActionResult> OnPostApplyAsync()
    {
        await LoadAsync();
        if (Current is null) return BadRequest();
        if (FormInt("newLikelihoods") is not { } l || FormInt("newImpacts") is not { } i || !RiskMatrixModel.IsValidSize(l) || !RiskMatrixModel.IsValidSize(i))
            return BadRequest();
        StartResize(l, i);
        ReadMapping();
        if (!ReadGrid(l, i) || !ModelState.IsValid)
        {
            await PreviewMovesAsync();
            return Page();
        }
        var mapping = new LevelMapping(LikelihoodMap, ImpactMap);
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var r in await db.Risks.ToListAsync())
        {
            (r.InherentLikelihood, r.InherentImpact) = Split(mapping.Map(r.Inherent));
            (r.ResidualLikelihood, r.ResidualImpact) = Split(mapping.Map(r.Residual));
            (r.TargetLikelihood, r.TargetImpact) = Split(mapping.Map(r.Target));
            (r.PreviousLikelihood, r.PreviousImpact) = Split(mapping.Map(r.Previous));
        }
        foreach (var r in await db.RiskReviews.ToListAsync())
        {
            (r.ResidualLikelihood, r.ResidualImpact) = Split(mapping.Map(r.Residual));
            (r.TargetLikelihood, r.TargetImpact) = Split(mapping.Map(r.Target));
        }
        var bands = await RiskMatrixStore.BandsAsync(db);
        await RiskMatrixStore.ReplaceAsync(db, LikelihoodLabels, ImpactLabels, (x, y) => bands[CellBands[x - 1, y - 1]]);
        var old = Current.Model;
        db.Record("matrix-change", "RiskMatrix", null, $"{old.Likelihoods}×{old.Impacts} → {l}×{i}", new { likelihood = LikelihoodMap, impact = ImpactMap });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Redirect("/manage/risk-matrix?saved=resized");
    }

    public async Task<IActionResult> OnPostAddBandAsync()
    {
        await LoadAsync();
        var name = BandName?.Trim() ?? "";
        if (name.Length is 0 or > 40) ModelState.AddModelError("band-name", "Enter the band's name, up to 40 characters");
        else if (Bands.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))) ModelState.AddModelError("band-name", $"There is already a band called {name}");
        if (!BandStyles.TryParse(BandColour?.Trim(), out _, out _, out _)) ModelState.AddModelError("band-colour", "Enter the colour as # and six hex digits, like #651b1b");
        if (!ModelState.IsValid) return Page();
        await RiskMatrixStore.BandsAsync(db);
        db.RiskBands.Add(new RiskBand { Name = name, Colour = BandColour!.Trim().ToLowerInvariant(), Rank = (Bands.Count == 0 ? 30 : Bands.Max(b => b.Rank)) + 10 });
        await db.SaveChangesAsync();
        return Redirect("/manage/risk-matrix?saved=band");
    }

    private static (int?, int?) Split(RiskScore? s) => (s?.Likelihood, s?.Impact);

    private async Task LoadAsync()
    {
        user.RequireOrganisation();
        Current = await RiskMatrixStore.LoadAsync(db);
        Bands = (await db.RiskBands.ToListAsync()).OrderBy(b => b.Rank).ToList();
        if (Bands.Count == 0) Bands = RiskBandStyle.Standard.Select(s => new RiskBand { Name = s.Name, Colour = s.Colour, Rank = s.Rank * 10 }).ToList();
        (Likelihoods, Impacts) = Current is { } c ? (c.Model.Likelihoods, c.Model.Impacts) : (5, 5);
        LikelihoodLabels = Enumerable.Range(1, Likelihoods).Select(n => Current?.Model.LikelihoodLabel(n) ?? n.ToString(CultureInfo.InvariantCulture)).ToArray();
        ImpactLabels = Enumerable.Range(1, Impacts).Select(n => Current?.Model.ImpactLabel(n) ?? n.ToString(CultureInfo.InvariantCulture)).ToArray();
        CellBands = new string[Likelihoods, Impacts];
        for (var l = 1; l <= Likelihoods; l++)
            for (var i = 1; i <= Impacts; i++)
                CellBands[l - 1, i - 1] = Current?.Model.BandOf(new RiskScore(l, i)) ?? (l * i >= 15 ? "red" : l * i >= 5 ? "amber" : "green");
    }

    /// <summary>Switches the page to a new size: labels and bands carried over from the nearest old level.</summary>
    private void StartResize(int l, int i)
    {
        if (!RiskMatrixModel.IsValidSize(l) || !RiskMatrixModel.IsValidSize(i)) return;
        if (Current is null)
        {
            // No matrix yet: the grid is simply set at the chosen size.
            (Likelihoods, Impacts) = (l, i);
            LikelihoodLabels = Enumerable.Range(1, l).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
            ImpactLabels = Enumerable.Range(1, i).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
            CellBands = new string[l, i];
            for (var x = 1; x <= l; x++)
                for (var y = 1; y <= i; y++)
                    CellBands[x - 1, y - 1] = x * y >= 15 ? "red" : x * y >= 5 ? "amber" : "green";
            return;
        }
        Resizing = true;
        LikelihoodMap = LevelMapping.Proportional(Likelihoods, l).ToDictionary();
        ImpactMap = LevelMapping.Proportional(Impacts, i).ToDictionary();
        static int Nearest(int level, int to, int from) => to == 1 ? 1 : (int)Math.Round(1 + (level - 1) * (from - 1) / (double)(to - 1), MidpointRounding.AwayFromZero);
        LikelihoodLabels = Enumerable.Range(1, l).Select(n => Current.Model.LikelihoodLabel(Nearest(n, l, Likelihoods))).ToArray();
        ImpactLabels = Enumerable.Range(1, i).Select(n => Current.Model.ImpactLabel(Nearest(n, i, Impacts))).ToArray();
        var grid = new string[l, i];
        for (var x = 1; x <= l; x++)
            for (var y = 1; y <= i; y++)
                grid[x - 1, y - 1] = Current.Model.BandOf(new RiskScore(Nearest(x, l, Likelihoods), Nearest(y, i, Impacts)))!;
        CellBands = grid;
        (Likelihoods, Impacts) = (l, i);
    }

    private void ReadMapping()
    {
        var old = Current!.Model;
        foreach (var (axis, count, map, newCount) in new[] { ("likelihood", old.Likelihoods, LikelihoodMap, Likelihoods), ("impact", old.Impacts, ImpactMap, Impacts) })
            for (var n = 1; n <= count; n++)
            {
                if (FormInt($"map-{axis}-{n}") is not { } to) continue;
                if (to < 1 || to > newCount) ModelState.AddModelError($"map-{axis}-{n}", $"Old {axis} {n} must map to a level from 1 to {newCount}");
                else map[n] = to;
            }
    }

    private async Task PreviewMovesAsync()
    {
        var mapping = new LevelMapping(LikelihoodMap, ImpactMap);
        foreach (var r in (await db.Risks.ToListAsync()).OrderBy(r => r.Code, StringComparer.Ordinal))
            foreach (var (which, s) in new[] { ("inherent", r.Inherent), ("current", r.Residual), ("target", r.Target) })
                if (s is { } from && mapping.Map(from) is { } to)
                    Moves.Add((r.Code, which, from, to));
    }

    /// <summary>Reads labels and cell bands from the form; false (with errors) when any is missing or unknown.</summary>
    private bool ReadGrid(int l, int i)
    {
        var known = Bands.Select(b => b.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string Label(string key, string fallback)
        {
            var v = Request.Form[key].ToString().Trim();
            if (v.Length is 0 or > 100) { ModelState.AddModelError(key, "Each level needs a label of up to 100 characters"); return fallback; }
            return v;
        }
        LikelihoodLabels = Enumerable.Range(1, l).Select(n => Label($"likelihood-{n}", n.ToString(CultureInfo.InvariantCulture))).ToArray();
        ImpactLabels = Enumerable.Range(1, i).Select(n => Label($"impact-{n}", n.ToString(CultureInfo.InvariantCulture))).ToArray();
        var grid = new string[l, i];
        for (var x = 1; x <= l; x++)
            for (var y = 1; y <= i; y++)
            {
                var band = Request.Form[$"cell-{x}-{y}"].ToString();
                if (!known.Contains(band)) ModelState.AddModelError($"cell-{x}-{y}", $"Choose a band for likelihood {x}, impact {y}");
                grid[x - 1, y - 1] = band;
            }
        (Likelihoods, Impacts, CellBands) = (l, i, grid);
        return ModelState.IsValid;
    }

    private int? FormInt(string key) => int.TryParse(Request.Form[key], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public RiskBand? Band(string name) => Bands.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
}
