using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Risks;

/// <summary>The organisation's matrix, loaded for the rules, with its bands' names and colours.</summary>
public sealed record LoadedMatrix(RiskMatrixModel Model, IReadOnlyDictionary<string, RiskBand> Bands)
{
    public RiskBand? BandOf(RiskScore? s) => Model.BandOf(s) is { } name && Bands.TryGetValue(name, out var band) ? band : null;
}

public static class RiskMatrixStore
{
    /// <summary>Choices for a likelihood or impact field: "–" then each level with its label ("3 Likely").</summary>
    public static IReadOnlyList<(string, string)> LevelOptions(this LoadedMatrix? matrix, bool likelihood) =>
        matrix is null ? [("", "–")]
        : [("", "–"), .. (likelihood ? matrix.Model.LikelihoodLabels : matrix.Model.ImpactLabels).Select((label, n) => ((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{n + 1} {label}"))];

    /// <summary>The matrix, or null when the organisation has not configured one.</summary>
    public static async Task<LoadedMatrix?> LoadAsync(StewardDb db, CancellationToken ct = default)
    {
        var levels = await db.RiskLevels.ToListAsync(ct);
        var cells = await db.RiskMatrixCells.Include(c => c.Band).ToListAsync(ct);
        if (cells.Count == 0) return null;
        var likelihoods = levels.Where(l => l.Axis == RiskAxis.Likelihood).OrderBy(l => l.Level).Select(l => l.Label).ToList();
        var impacts = levels.Where(l => l.Axis == RiskAxis.Impact).OrderBy(l => l.Level).Select(l => l.Label).ToList();
        var grid = new string[likelihoods.Count, impacts.Count];
        foreach (var c in cells.Where(c => c.Likelihood <= likelihoods.Count && c.Impact <= impacts.Count))
            grid[c.Likelihood - 1, c.Impact - 1] = c.Band!.Name;
        var bands = (await db.RiskBands.ToListAsync(ct)).ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        return new LoadedMatrix(new RiskMatrixModel(likelihoods, impacts, grid), bands);
    }

    /// <summary>The organisation's bands, making sure green, amber and red exist.</summary>
    public static async Task<Dictionary<string, RiskBand>> BandsAsync(StewardDb db, CancellationToken ct = default)
    {
        var bands = (await db.RiskBands.ToListAsync(ct)).ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var standard in RiskBandStyle.Standard.Where(s => !bands.ContainsKey(s.Name)))
            bands[standard.Name] = db.RiskBands.Add(new RiskBand { Name = standard.Name, Colour = standard.Colour, Rank = standard.Rank * 10 }).Entity;
        return bands;
    }

    /// <summary>Whether any risk or review holds a score (a change of levels would then need a mapping).</summary>
    public static async Task<bool> AnyScoredAsync(StewardDb db, CancellationToken ct = default) =>
        await db.Risks.AnyAsync(r => r.InherentLikelihood != null || r.ResidualLikelihood != null || r.TargetLikelihood != null || r.PreviousLikelihood != null, ct)
        || await db.RiskReviews.AnyAsync(r => r.ResidualLikelihood != null || r.TargetLikelihood != null, ct);

    /// <summary>Replaces the matrix's levels and cells (the caller has remapped any scores).</summary>
    public static async Task ReplaceAsync(StewardDb db, IReadOnlyList<string> likelihoodLabels, IReadOnlyList<string> impactLabels,
        Func<int, int, RiskBand> bandOf, CancellationToken ct = default)
    {
        var levels = await db.RiskLevels.ToListAsync(ct);
        var cells = await db.RiskMatrixCells.ToListAsync(ct);
        void SetLevels(RiskAxis axis, IReadOnlyList<string> labels)
        {
            var existing = levels.Where(l => l.Axis == axis).ToDictionary(l => l.Level);
            for (var n = 1; n <= labels.Count; n++)
            {
                if (existing.TryGetValue(n, out var level)) level.Label = labels[n - 1];
                else db.RiskLevels.Add(new RiskLevel { Axis = axis, Level = n, Label = labels[n - 1] });
            }
            db.RiskLevels.RemoveRange(existing.Values.Where(l => l.Level > labels.Count));
        }
        SetLevels(RiskAxis.Likelihood, likelihoodLabels);
        SetLevels(RiskAxis.Impact, impactLabels);
        var byCell = cells.ToDictionary(c => (c.Likelihood, c.Impact));
        for (var l = 1; l <= likelihoodLabels.Count; l++)
            for (var i = 1; i <= impactLabels.Count; i++)
            {
                var band = bandOf(l, i);
                if (byCell.TryGetValue((l, i), out var cell)) cell.Band = band;
                else db.RiskMatrixCells.Add(new RiskMatrixCell { Likelihood = l, Impact = i, Band = band });
            }
        db.RiskMatrixCells.RemoveRange(cells.Where(c => c.Likelihood > likelihoodLabels.Count || c.Impact > impactLabels.Count));
        await Task.CompletedTask;
    }
}
