using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Risks;

/// <summary>
/// Imports a risk matrix (one row per cell) and risks from CSV, with the same rules as indicator files:
/// columns by name, every error named by file, line and column, all-or-nothing with the rest of the call.
/// </summary>
public static class RiskImport
{
    public static readonly FileKind MatrixKind = new("matrix", ["likelihood", "impact", "band"], ["likelihood_label", "impact_label", "band_colour"]);

    public static readonly FileKind RisksKind = new("risks",
        ["code", "title", "register", "category", "owner", "portfolio_holder", "treatment",
         "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact",
         "target_likelihood", "target_impact", "target_date", "prospects"],
        ["description", "consequences", "triggers", "likelihood_factors", "corporate_priority", "next_review", "status", "exempt_paragraph",
         "signed_off_on", "previous_likelihood", "previous_impact", "previous_signed_off_on"]);

    /// <summary>The columns that carry a risk's signed-off history (what movement compares), as <c>export risks --full</c> writes them.</summary>
    private static readonly string[] PositionColumns = ["signed_off_on", "previous_likelihood", "previous_impact", "previous_signed_off_on"];

    /// <summary>A validated matrix file; <paramref name="Colours"/> are the bands' colours the file gives (band name → #rrggbb).</summary>
    internal sealed record MatrixPlan(string File, IReadOnlyList<string> Likelihoods, IReadOnlyList<string> Impacts, Dictionary<(int, int), string> Bands, bool Reshape,
        IReadOnlyDictionary<string, string> Colours);

    internal sealed record RiskRow(
        string File, int Line, string Code, string Title, string Register, string? Category, string? Owner, string? PortfolioHolder,
        Treatment? Treatment, RiskScore? Inherent, RiskScore? Residual, RiskScore? Target, DateOnly? TargetDate, Prospects? Prospects,
        IReadOnlyDictionary<string, string?> Optional, DateOnly? NextReview, bool? Closed, SignedOffPosition? Position);

    /// <summary>When a row's current score was signed off, and the score signed off before it, as a full export gives them.</summary>
    internal sealed record SignedOffPosition(DateOnly? SignedOffOn, RiskScore? Previous, DateOnly? PreviousSignedOffOn);

    public sealed class Plan
    {
        internal MatrixPlan? Matrix { get; init; }
        internal List<RiskRow> Risks { get; init; } = [];
        public bool IsEmpty => Matrix is null && Risks.Count == 0;

        /// <summary>Rows imported as they are but worth a second look: scores that contradict each other.</summary>
        public IReadOnlyList<ImportError> Warnings { get; init; } = [];
    }

    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportTable> tables, ImportErrors errors, CancellationToken ct)
    {
        var matrixTables = tables.Where(t => t.Kind == MatrixKind).ToList();
        foreach (var extra in matrixTables.Skip(1))
            errors.Add(extra.File.Name, extra.HeaderLine, "(header)", $"only one matrix file can be imported at a time ({matrixTables[0].File.Name} is one)");
        var existing = await RiskMatrixStore.LoadAsync(db, ct);
        var bandNames = (await db.RiskBands.Select(b => b.Name).ToListAsync(ct)).Concat(RiskBandStyle.Standard.Select(s => s.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        MatrixPlan? matrix = null;
        if (matrixTables.Count > 0) matrix = await ReadMatrixAsync(db, matrixTables[0], existing, bandNames, errors, ct);

        // Scores are checked against the matrix they will be on: this call's, else the organisation's.
        // (When this call's matrix is itself in error, its errors are the ones worth reading.)
        Func<RiskScore, bool>? inMatrix = matrixTables.Count > 0 && matrix is null ? _ => true
            : matrix is not null
            ? s => s.Likelihood >= 1 && s.Likelihood <= matrix.Likelihoods.Count && s.Impact >= 1 && s.Impact <= matrix.Impacts.Count
            : existing is not null ? existing.Model.Contains : null;
        var size = matrix is not null ? $"{matrix.Likelihoods.Count}×{matrix.Impacts.Count}" : existing is not null ? $"{existing.Model.Likelihoods}×{existing.Model.Impacts}" : null;

        var risks = new List<RiskRow>();
        var warnings = new List<ImportError>();
        var seen = new SeenKeys<string>();
        foreach (var table in tables.Where(t => t.Kind == RisksKind))
            foreach (var record in table.Records)
            {
                var cells = table.Row(record, errors);
                // A duplicate code is named even when the first row has other errors.
                if (cells.Cell("code") is { Length: > 0 } code && !seen.FirstTime(Risk.Key(code), cells, "code", $"risk {code}")) continue;
                if (ReadRisk(cells, inMatrix, size) is not { } row) continue;
                risks.Add(row);
                foreach (var (column, message) in RiskRules.Inconsistencies(row.Inherent, row.Residual, row.Target))
                    warnings.Add(new ImportError(row.File, row.Line, column, $"risk {row.Code}: {message}"));
            }
        return new Plan { Matrix = matrix, Risks = risks, Warnings = warnings };
    }

    private static async Task<MatrixPlan?> ReadMatrixAsync(StewardDb db, ImportTable table, LoadedMatrix? existing, HashSet<string> bandNames, ImportErrors errors, CancellationToken ct)
    {
        var file = table.File.Name;
        var headerLine = table.HeaderLine;
        var cells = new Dictionary<(int, int), (string Band, int Line)>();
        var labels = new Dictionary<(string Axis, int Level), (string Label, int Line)>();
        var colours = new Dictionary<string, (string Colour, int Line)>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        foreach (var record in table.Records)
        {
            var row = table.Row(record, errors);
            int? Level(string column)
            {
                var text = row.Cell(column) ?? "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= RiskMatrixModel.MaxLevels) return n;
                row.Error(column, text.Length == 0 ? "is empty" : $"'{text}' is not a level from 1 to {RiskMatrixModel.MaxLevels}");
                return null;
            }
            var l = Level("likelihood");
            var i = Level("impact");
            var band = row.Cell("band") ?? "";
            var colour = row.Cell("band_colour") ?? "";
            if (colour.Length > 0 && !BandStyles.TryParse(colour, out _, out _, out _))
            {
                row.Error("band_colour", $"'{colour}' is not a colour: write # and six hex digits, like #651b1b");
                colour = "";
                ok = false;
            }
            if (band.Length == 0) row.Error("band", "is empty: write green, amber, red or a band defined on the matrix page");
            else if (colour.Length > 0)
            {
                if (colours.TryGetValue(band, out var was) && !was.Colour.Equals(colour, StringComparison.OrdinalIgnoreCase))
                {
                    row.Error("band_colour", $"band {band} is coloured {was.Colour} at line {was.Line}: a band has one colour");
                    ok = false;
                }
                else colours.TryAdd(band, (colour.ToLowerInvariant(), row.Line));
            }
            if (band.Length > 0 && !bandNames.Contains(band) && !colours.ContainsKey(band))
                row.Error("band", $"unknown band '{band}': use green, amber, red or a band defined on the matrix page" + (row.Has("band_colour") ? ", or give its band_colour" : ""));
            foreach (var (axis, level) in new[] { ("likelihood", l), ("impact", i) })
            {
                var label = row.Text($"{axis}_label", 100);
                if (level is not { } lv || string.IsNullOrEmpty(label)) continue;
                if (labels.TryGetValue((axis, lv), out var before) && before.Label != label)
                    row.Error($"{axis}_label", $"{axis} {lv} is labelled '{before.Label}' at line {before.Line}: a level has one label");
                else labels.TryAdd((axis, lv), (label, row.Line));
            }
            if (l is not { } lk || i is not { } ik || band.Length == 0 || !(bandNames.Contains(band) || colours.ContainsKey(band))) { ok = false; continue; }
            if (cells.TryGetValue((lk, ik), out var dup))
            {
                row.Error("likelihood", $"the cell likelihood {lk}, impact {ik} is also at line {dup.Line}");
                ok = false;
                continue;
            }
            cells[(lk, ik)] = (band, row.Line);
        }
        if (!ok) return null;

        var likelihoods = cells.Keys.Select(k => k.Item1).DefaultIfEmpty(0).Max();
        var impacts = cells.Keys.Select(k => k.Item2).DefaultIfEmpty(0).Max();
        foreach (var (axis, count) in new[] { ("likelihood", likelihoods), ("impact", impacts) })
            if (!RiskMatrixModel.IsValidSize(count))
            {
                errors.Add(file, headerLine, axis, $"the matrix has {count} {axis} level{(count == 1 ? "" : "s")}: it needs {RiskMatrixModel.MinLevels} to {RiskMatrixModel.MaxLevels}");
                ok = false;
            }
        if (!ok) return null;
        for (var l = 1; l <= likelihoods; l++)
            for (var i = 1; i <= impacts; i++)
                if (!cells.ContainsKey((l, i)))
                {
                    errors.Add(file, headerLine, "band", $"no row for the cell likelihood {l}, impact {i}: every cell of the {likelihoods}×{impacts} matrix needs a band");
                    ok = false;
                }
        if (!ok) return null;

        var reshape = existing is not null && (existing.Model.Likelihoods != likelihoods || existing.Model.Impacts != impacts);
        if (reshape && await RiskMatrixStore.AnyScoredAsync(db, ct))
        {
            errors.Add(file, headerLine, "likelihood",
                $"risks are scored on the {existing!.Model.Likelihoods}×{existing.Model.Impacts} matrix: changing it to {likelihoods}×{impacts} needs their scores mapped to the new levels, on the matrix page (Manage → Risk matrix)");
            return null;
        }
        string Label(string axis, int level, IReadOnlyList<string>? current) =>
            labels.TryGetValue((axis, level), out var x) ? x.Label
            : current is not null && level <= current.Count && !reshape ? current[level - 1]
            : level.ToString(CultureInfo.InvariantCulture);
        return new MatrixPlan(file,
            Enumerable.Range(1, likelihoods).Select(n => Label("likelihood", n, existing?.Model.LikelihoodLabels)).ToList(),
            Enumerable.Range(1, impacts).Select(n => Label("impact", n, existing?.Model.ImpactLabels)).ToList(),
            cells.ToDictionary(kv => kv.Key, kv => kv.Value.Band), reshape,
            colours.ToDictionary(kv => kv.Key, kv => kv.Value.Colour, StringComparer.OrdinalIgnoreCase));
    }

    private static readonly string[] OptionalText = ["description", "consequences", "triggers", "likelihood_factors", "corporate_priority", "exempt_paragraph"];

    private static RiskRow? ReadRisk(ImportRow row, Func<RiskScore, bool>? inMatrix, string? size)
    {
        var before = row.ErrorCount;
        var code = row.Required("code", 64);
        if (code.Length > 0 && !Indicator.IsValidCode(code))
            row.Error("code", $"'{code}' is not a valid code: letters, digits and _ . - / only, starting with a letter or digit");
        var title = row.Required("title", 500);
        var register = row.Required("register", 1000);
        if (register.Length > 0 && RegisterResolver.Segments(register) is null)
            row.Error("register", $"'{register}' is not a register path: names separated by '/', leaf first, none empty");

        Treatment? treatment = null;
        var t = row.Cell("treatment") ?? "";
        if (t.Length > 0 && !RiskRules.TryParseTreatment(t, out treatment))
            row.Error("treatment", $"'{t}' is not treat, tolerate, transfer or terminate");

        RiskScore? Score(string name)
        {
            int? Part(string column)
            {
                var text = row.Cell(column) ?? "";
                if (text.Length == 0) return null;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
                row.Error(column, $"'{text}' is not a level (a whole number from 1)");
                return -1;
            }
            var l = Part($"{name}_likelihood");
            var i = Part($"{name}_impact");
            if (l == -1 || i == -1) return null;
            if (l is null && i is null) return null;
            if (l is null) { row.Error($"{name}_likelihood", $"is empty but {name}_impact is {i}: give both or neither"); return null; }
            if (i is null) { row.Error($"{name}_impact", $"is empty but {name}_likelihood is {l}: give both or neither"); return null; }
            var score = new RiskScore(l.Value, i.Value);
            if (inMatrix is null) row.Error($"{name}_likelihood", "the organisation has no risk matrix yet: import one (likelihood,impact,band) first or in the same call");
            else if (!inMatrix(score))
                row.Error(l > 0 && !inMatrix(new RiskScore(l.Value, 1)) ? $"{name}_likelihood" : $"{name}_impact",
                    $"{l}×{i} is outside the {size} matrix");
            return score;
        }
        var inherent = Score("inherent");
        var residual = Score("residual");
        var target = Score("target");
        var previous = row.Has("previous_likelihood") || row.Has("previous_impact") ? Score("previous") : null;

        DateOnly? Date(string column)
        {
            var text = row.Cell(column) ?? "";
            if (text.Length == 0) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            row.Error(column, $"'{text}' is not a date: write YYYY-MM-DD");
            return null;
        }
        var targetDate = Date("target_date");
        var nextReview = Date("next_review");
        var position = PositionColumns.Any(row.Has) ? new SignedOffPosition(Date("signed_off_on"), previous, Date("previous_signed_off_on")) : null;

        Prospects? prospects = null;
        var p = row.Cell("prospects") ?? "";
        if (p.Length > 0 && !RiskRules.TryParseProspects(p, out prospects))
            row.Error("prospects", $"'{p}' is not green, amber or red");

        bool? closed = null;
        if (row.Cell("status") is { Length: > 0 } status)
        {
            if (RiskRules.TryParseStatus(status, out var isClosed)) closed = isClosed;
            else row.Error("status", $"'{status}' is not open or closed");
        }

        var optional = OptionalText.Where(row.Has).ToDictionary(c => c, c => row.Text(c, 4000));
        if (row.ErrorCount > before) return null;
        return new RiskRow(row.FileName, row.Line, code, title, register, row.Text("category", 100), row.Text("owner", 200),
            row.Text("portfolio_holder", 200), treatment, inherent, residual, target, targetDate, prospects, optional, nextReview, closed, position);
    }

    /// <summary>Applies the matrix; returns the number of cells added or re-banded.</summary>
    public static async Task<int> ApplyMatrixAsync(StewardDb db, Plan plan, CancellationToken ct)
    {
        if (plan.Matrix is not { } m) return 0;
        var bands = await RiskMatrixStore.BandsAsync(db, ct);
        var rank = bands.Values.Max(b => b.Rank);
        foreach (var (name, colour) in m.Colours)
        {
            if (bands.TryGetValue(name, out var band)) band.Colour = colour;
            else bands[name] = db.RiskBands.Add(new RiskBand { Name = name, Colour = colour, Rank = rank += 10 }).Entity;
        }
        var before = (await db.RiskMatrixCells.Include(c => c.Band).ToListAsync(ct)).ToDictionary(c => (c.Likelihood, c.Impact), c => c.Band!.Name);
        await RiskMatrixStore.ReplaceAsync(db, m.Likelihoods, m.Impacts, (l, i) => bands[m.Bands[(l, i)]], ct);
        await db.SaveChangesAsync(ct);
        return m.Bands.Count(kv => !before.TryGetValue(kv.Key, out var was) || !string.Equals(was, kv.Value, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Applies the risks of a validated plan. Imported scores count as signed off on <paramref name="today"/> (the
    /// organisation's today): a changed current score moves the one it replaces to "previous".
    /// </summary>
    public static async Task<(int Created, int Updated)> ApplyRisksAsync(StewardDb db, Plan plan, DateTime now, DateOnly today, CancellationToken ct)
    {
        if (plan.Risks.Count == 0) return (0, 0);
        var existing = await db.Risks.ToDictionaryAsync(r => r.CodeKey, ct);
        var registers = new RegisterResolver(db);
        var names = new NameResolver(db);
        var created = 0;
        var touched = new List<Risk>();
        foreach (var r in plan.Risks)
        {
            var key = Risk.Key(r.Code);
            var register = await registers.ResolveAsync(r.Register, ct);
            if (!existing.TryGetValue(key, out var risk))
            {
                risk = db.Risks.Add(new Risk { Code = r.Code, CodeKey = key, Title = r.Title, Register = register, CreatedAt = now }).Entity;
                existing[key] = risk;
                created++;
            }
            else touched.Add(risk);
            risk.Code = r.Code;
            risk.Title = r.Title;
            risk.Register = register;
            if (register.Id != 0) risk.RegisterId = register.Id;
            risk.Category = Empty(r.Category);
            var owner = await names.PersonAsync(r.Owner, ct);
            risk.Owner = owner;
            if (owner is null) risk.OwnerId = null;
            var holder = await names.PersonAsync(r.PortfolioHolder, ct);
            risk.PortfolioHolder = holder;
            if (holder is null) risk.PortfolioHolderId = null;
            risk.Treatment = r.Treatment;
            (risk.InherentLikelihood, risk.InherentImpact) = (r.Inherent?.Likelihood, r.Inherent?.Impact);
            risk.SetResidual(r.Residual, today);
            if (r.Position is { } position)
            {
                // A full export's history: taken as it is, so the register moves as it did where it came from.
                risk.SignedOffOn = position.SignedOffOn;
                (risk.PreviousLikelihood, risk.PreviousImpact, risk.PreviousSignedOffOn) =
                    (position.Previous?.Likelihood, position.Previous?.Impact, position.PreviousSignedOffOn);
            }
            (risk.TargetLikelihood, risk.TargetImpact) = (r.Target?.Likelihood, r.Target?.Impact);
            risk.TargetDate = r.TargetDate;
            risk.Prospects = r.Prospects;
            foreach (var (column, value) in r.Optional)
            {
                var v = Empty(value);
                switch (column)
                {
                    case "description": risk.Description = v; break;
                    case "consequences": risk.Consequences = v; break;
                    case "triggers": risk.Triggers = v; break;
                    case "likelihood_factors": risk.LikelihoodFactors = v; break;
                    case "corporate_priority": risk.CorporatePriority = v; break;
                    case "exempt_paragraph" when v is not null: risk.ExemptionParagraph = v; risk.Exempt = true; break;
                    // A blank paragraph never makes a Part II risk public: that is a deliberate choice made on the risk's edit page.
                }
            }
            if (r.NextReview is { } next) risk.NextReviewDate = next;
            if (r.Closed is { } closed && closed != risk.Closed)
            {
                risk.Closed = closed;
                risk.ClosedOn = closed ? today : null;
            }
        }
        db.ChangeTracker.DetectChanges();
        var updated = touched.Count(x => db.Entry(x).State == EntityState.Modified);
        await db.SaveChangesAsync(ct);
        return (created, updated);
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
