using Steward.Common;
using Steward.Data;
using Steward.Features.Complaints;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Finance;
using Steward.Features.Projects;
using Steward.Features.Risks;

namespace Steward.Features.Import;

/// <summary>What an import call did.</summary>
public sealed record ImportCounts(ImportSummary Indicators, int? MatrixCellsChanged, (int Created, int Updated)? Risks, ProjectImportCounts? Projects = null,
    FinanceImportCounts? Finance = null, ComplaintImportCounts? Complaints = null)
{
    /// <summary>Whether the call had indicator, results or targets files: without them, and with other files, their zero counts are not described.</summary>
    public bool HadIndicatorFiles { get; init; } = true;

    public string Describe()
    {
        var s = Indicators;
        var parts = new List<string>();
        var text = $"indicators: {s.IndicatorsCreated} created, {s.IndicatorsUpdated} updated; " +
                   $"results: {s.ResultsCreated} created, {s.ResultsUpdated} updated; " +
                   $"targets: {s.TargetsCreated} created, {s.TargetsUpdated} updated, {s.TargetsRemoved} removed; " +
                   $"{s.RowsUnchanged} rows unchanged";
        if (HadIndicatorFiles || MatrixCellsChanged is null && Risks is null && Projects is null && Finance is null && Complaints is null) parts.Add(text);
        if (MatrixCellsChanged is { } cells) parts.Add($"matrix: {cells} cells set");
        if (Risks is { } r) parts.Add($"risks: {r.Created} created, {r.Updated} updated");
        if (Projects is { } p) parts.Add(p.Describe());
        if (Finance is { } f) parts.Add(f.Describe());
        if (Complaints is { } c) parts.Add(c.Describe());
        return string.Join("; ", parts);
    }
}

/// <summary>
/// The end of an import call: errors (nothing written), or the counts and any warnings (written). A conflict is a
/// concurrent change saved while the call ran: nothing was written, and running it again is the remedy.
/// </summary>
public sealed record ImportOutcome(IReadOnlyList<ImportError> Errors, ImportCounts? Counts, IReadOnlyList<ImportError> Warnings, string? Conflict = null)
{
    public bool Succeeded => Errors.Count == 0 && Conflict is null;

    public const string ConflictMessage =
        "the data changed meanwhile (another import or an edit was saved while this one ran), nothing imported: run the import again";
}

/// <summary>
/// One import call: any mix of indicator, result, matrix, risk, project (<see cref="ProjectImport"/>), budget
/// (<see cref="FinanceImport"/>) and complaints (<see cref="ComplaintImport"/>) files, recognised by their columns. Files are read as streams, row by row, into a
/// validated plan; the plan is then applied in one transaction, matrix first, then indicators, results, risks, the PMO
/// register and budget monitoring. Results files are not held: they are read again as the plan is
/// applied, and their new rows are copied in bulk (see <see cref="IndicatorImport"/>). Any error anywhere and nothing is
/// written. The call is one audit entry (files, SHA-256, counts), plus before → after for every existing row it changed.
/// </summary>
public static class CsvImport
{
    public static readonly IReadOnlyList<FileKind> Kinds =
        [IndicatorImport.IndicatorsKind, IndicatorImport.ResultsKind, IndicatorImport.TargetsKind, RiskImport.MatrixKind, RiskImport.RisksKind, .. ProjectImport.Kinds, .. FinanceImport.Kinds, ComplaintImport.Kind];

    /// <summary>The files of a call, read and validated, ready to apply. Dispose it to close the files.</summary>
    public sealed class Plan : IDisposable
    {
        internal List<ImportTable> Tables { get; } = [];
        internal ImportErrors Errors { get; } = new();
        internal IndicatorImport.Plan Indicators { get; set; } = null!;
        internal RiskImport.Plan Risks { get; set; } = null!;
        internal ProjectImport.Plan Projects { get; set; } = null!;
        internal FinanceImport.Plan Finance { get; set; } = null!;
        internal ComplaintImport.Plan Complaints { get; set; } = null!;
        internal int FileCount { get; init; }

        public void Dispose()
        {
            foreach (var t in Tables) t.Dispose();
        }
    }

    /// <summary>Reads and validates the files, then applies them: see <see cref="PlanAsync"/> and <see cref="ApplyAsync"/>.</summary>
    /// <param name="clock">The organisation's today (see <see cref="Organisation.Today"/>) is taken from it; the system clock by default.</param>
    public static async Task<ImportOutcome> RunAsync(StewardDb db, Organisation organisation, IReadOnlyList<ImportFile> files, CancellationToken ct = default,
        TimeProvider? clock = null)
    {
        var today = organisation.Today(clock ?? TimeProvider.System);
        using var plan = await PlanAsync(db, files, ct, today);
        return await ApplyAsync(db, plan, today, ct);
    }

    /// <summary>
    /// Reads every file (streaming its rows) and checks every row against the database as it is now. Writes nothing.
    /// <paramref name="today"/> is the organisation's (the UTC date when not given): what has not happened by then is refused.
    /// </summary>
    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportFile> files, CancellationToken ct = default, DateOnly? today = null)
    {
        var plan = new Plan { FileCount = files.Count };
        try
        {
            foreach (var file in files)
                if (ImportTable.Read(file, Kinds, plan.Errors) is { } table) plan.Tables.Add(table);
            plan.Indicators = await IndicatorImport.PlanAsync(db, plan.Tables, plan.Errors, ct);
            plan.Risks = await RiskImport.PlanAsync(db, plan.Tables, plan.Errors, ct);
            var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
            plan.Projects = await ProjectImport.PlanAsync(db, plan.Tables, plan.Errors, day, ct);
            plan.Finance = await FinanceImport.PlanAsync(db, plan.Tables, plan.Errors, day, ct);
            plan.Complaints = await ComplaintImport.PlanAsync(db, plan.Tables, plan.Errors, day, ct);
            return plan;
        }
        catch
        {
            plan.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies a plan in one transaction (or the caller's, when it has one open). Returns the plan's errors without
    /// writing when it has any, and a conflict, writing nothing, when the data it was checked against changed meanwhile.
    /// A results file whose bytes changed since it was checked is an error, and nothing is written. In the caller's
    /// transaction a conflict or a changed file is thrown (<see cref="ImportFileChangedException"/>) for the caller to roll back.
    /// Imported risk scores count as signed off on <paramref name="today"/>, the organisation's today.
    /// </summary>
    public static async Task<ImportOutcome> ApplyAsync(StewardDb db, Plan plan, DateOnly today, CancellationToken ct = default)
    {
        if (plan.Errors.Any) return new ImportOutcome(plan.Errors.Sorted, null, []);
        var tables = plan.Tables;
        var previousBulk = db.AuditAddedRowsInBulk;
        db.AuditAddedRowsInBulk = true;
        var ownTransaction = db.Database.CurrentTransaction is null;
        try
        {
            await using var transaction = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
            var hasMatrix = tables.Any(t => t.Kind == RiskImport.MatrixKind);
            var hasRisks = tables.Any(t => t.Kind == RiskImport.RisksKind);
            var cells = await RiskImport.ApplyMatrixAsync(db, plan.Risks, ct);
            var indicators = await IndicatorImport.ApplyAsync(db, plan.Indicators, ct);
            var risks = await RiskImport.ApplyRisksAsync(db, plan.Risks, DateTime.UtcNow, today, ct);
            var projects = await ProjectImport.ApplyAsync(db, plan.Projects, DateTime.UtcNow, ct);
            var finance = await FinanceImport.ApplyAsync(db, plan.Finance, ct);
            var complaints = await ComplaintImport.ApplyAsync(db, plan.Complaints, ct);
            var counts = new ImportCounts(indicators, hasMatrix ? cells : null, hasRisks ? risks : null, projects, finance, complaints)
            {
                HadIndicatorFiles = tables.Any(t => t.Kind == IndicatorImport.IndicatorsKind || t.Kind == IndicatorImport.ResultsKind || t.Kind == IndicatorImport.TargetsKind),
            };
            db.Record("import", "Import", null, $"{plan.FileCount} file(s)", new
            {
                files = tables.Select(t => new { name = t.File.Name, sha256 = t.Sha256(), kind = t.Kind.Name, rows = t.RowCount }),
                counts = counts.Indicators,
                matrixCells = counts.MatrixCellsChanged,
                risks = counts.Risks is { } r ? new { created = r.Created, updated = r.Updated } : null,
                projects = counts.Projects,
                finance = counts.Finance,
                complaints = counts.Complaints,
            });
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
            return new ImportOutcome([], counts, plan.Risks.Warnings);
        }
        catch (Exception e) when (ownTransaction && SaveConflict.IsConcurrentChange(e))
        {
            // Rolled back: forget what this call had staged, so the context is as clean as the database.
            db.ChangeTracker.Clear();
            return new ImportOutcome([], null, [], ImportOutcome.ConflictMessage);
        }
        catch (ImportFileChangedException e) when (ownTransaction)
        {
            db.ChangeTracker.Clear();
            return new ImportOutcome([e.Error], null, []);
        }
        finally
        {
            db.AuditAddedRowsInBulk = previousBulk;
        }
    }
}
