using Steward.Common;
using Steward.Data;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Import;

/// <summary>What an import call did.</summary>
public sealed record ImportCounts(ImportSummary Indicators, int? MatrixCellsChanged, (int Created, int Updated)? Risks)
{
    public string Describe()
    {
        var s = Indicators;
        var text = $"indicators: {s.IndicatorsCreated} created, {s.IndicatorsUpdated} updated; " +
                   $"results: {s.ResultsCreated} created, {s.ResultsUpdated} updated; " +
                   $"targets: {s.TargetsCreated} created, {s.TargetsUpdated} updated, {s.TargetsRemoved} removed; " +
                   $"{s.RowsUnchanged} rows unchanged";
        if (MatrixCellsChanged is { } cells) text += $"; matrix: {cells} cells set";
        if (Risks is { } r) text += $"; risks: {r.Created} created, {r.Updated} updated";
        return text;
    }
}

public sealed record ImportOutcome(IReadOnlyList<ImportError> Errors, ImportCounts? Counts)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// One import call: any mix of indicator, result, matrix and risk files, recognised by their columns.
/// All files are one transaction, applied matrix first, then indicators, results and risks; any error
/// anywhere and nothing is written. The call is one audit entry (files, SHA-256, counts), plus
/// before → after for every existing row it changed.
/// </summary>
public static class CsvImport
{
    public static readonly IReadOnlyList<FileKind> Kinds =
        [IndicatorImport.IndicatorsKind, IndicatorImport.ResultsKind, IndicatorImport.TargetsKind, RiskImport.MatrixKind, RiskImport.RisksKind];

    /// <param name="clock">The time the import is recorded at; the organisation's today (see <see cref="Organisation.Today"/>) is taken from it.</param>
    public static async Task<ImportOutcome> RunAsync(StewardDb db, Organisation organisation, IReadOnlyList<ImportFile> files, CancellationToken ct = default,
        TimeProvider? clock = null)
    {
        var errors = new ImportErrors();
        var tables = new List<ImportTable>();
        foreach (var file in files)
            if (ImportTable.Read(file, Kinds, errors) is { } table) tables.Add(table);

        var indicatorPlan = await IndicatorImport.PlanAsync(db, tables, errors, ct);
        var riskPlan = await RiskImport.PlanAsync(db, tables, errors, ct);
        if (errors.Any) return new ImportOutcome(errors.Sorted, null);

        // One transaction for the whole call (or the caller's, when it has one open).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var previousBulk = db.AuditAddedRowsInBulk;
        db.AuditAddedRowsInBulk = true;
        try
        {
            var hasMatrix = tables.Any(t => t.Kind == RiskImport.MatrixKind);
            var hasRisks = tables.Any(t => t.Kind == RiskImport.RisksKind);
            var cells = await RiskImport.ApplyMatrixAsync(db, riskPlan, ct);
            var indicators = await IndicatorImport.ApplyAsync(db, indicatorPlan, ct);
            clock ??= TimeProvider.System;
            var risks = await RiskImport.ApplyRisksAsync(db, riskPlan, clock.GetUtcNow().UtcDateTime, organisation.Today(clock), ct);
            var counts = new ImportCounts(indicators, hasMatrix ? cells : null, hasRisks ? risks : null);
            db.Record("import", "Import", null, $"{files.Count} file(s)", new
            {
                files = tables.Select(t => new { name = t.File.Name, sha256 = t.File.Sha256, kind = t.Kind.Name, rows = t.Records.Count }),
                counts = counts.Indicators,
                matrixCells = counts.MatrixCellsChanged,
                risks = counts.Risks is { } r ? new { created = r.Created, updated = r.Updated } : null,
            });
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
            return new ImportOutcome([], counts);
        }
        finally
        {
            db.AuditAddedRowsInBulk = previousBulk;
        }
    }
}
