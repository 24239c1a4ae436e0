using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;

namespace Steward.Features.Complaints;

/// <summary>What a call imported of the complaints log.</summary>
public sealed record ComplaintImportCounts(int Created, int Updated)
{
    public string Describe() => $"complaints: {Created} created, {Updated} updated";
}

/// <summary>
/// Imports the complaints log from a complaints system's CSV, one row a complaint with each stage it reached, with the
/// rules of every import (columns by name, each error named by file, line and column, all-or-nothing with the rest of the
/// call). A complaint is known by its reference: a row for a stored one replaces it (changes audited, complainants'
/// details redacted in the log). Complainant columns are optional; left out, the stored details stay, and a complaint
/// whose details were removed after the retention period never takes them back.
/// </summary>
public static class ComplaintImport
{
    /// <summary>The columns of one stage: received, acknowledged, responded, extension and outcome ("stage2_" or "ombudsman_" before them).</summary>
    private static readonly (ComplaintStage Stage, string Prefix)[] StageColumns =
        [(ComplaintStage.Stage1, ""), (ComplaintStage.Stage2, "stage2_"), (ComplaintStage.Ombudsman, "ombudsman_")];

    public static readonly FileKind Kind = new("complaints", ["reference", "service", "received"],
    [
        "category", "channel", "acknowledged", "responded", "extension_days", "extension_reason", "outcome",
        "stage2_received", "stage2_acknowledged", "stage2_responded", "stage2_extension_days", "stage2_extension_reason", "stage2_outcome",
        "ombudsman_received", "ombudsman_responded", "ombudsman_outcome", "learning", "complainant_name", "complainant_contact",
    ]);

    /// <summary>The columns an export writes, in order: the import's, without the complainant's details.</summary>
    public static IReadOnlyList<string> ExportColumns => [.. Kind.Required, .. Kind.Optional.Where(c => !c.StartsWith("complainant_"))];

    internal sealed record StageRow(ComplaintStage Stage, DateOnly Received, DateOnly? Acknowledged, DateOnly? Responded, int ExtensionDays, string? ExtensionReason,
        ComplaintOutcome? Outcome);

    internal sealed record Row(string Reference, string Service, string? Category, string? Channel, string? Learning, List<StageRow> Stages,
        bool HasComplainant, string? ComplainantName, string? ComplainantContact);

    public sealed class Plan
    {
        internal List<Row> Rows { get; } = [];
        public bool IsEmpty => Rows.Count == 0;
    }

    /// <summary>
    /// Reads the complaints files among <paramref name="tables"/>, checking each row: dates YYYY-MM-DD and none after
    /// <paramref name="today"/>; each stage acknowledged and answered on or after it was received; an extension of whole
    /// working days up to the council's maximum, with its reason; an outcome only with a response; stage 2 only after
    /// stage 1 was answered. Writes nothing.
    /// </summary>
    public static async Task<Plan> PlanAsync(StewardDb db, IReadOnlyList<ImportTable> tables, ImportErrors errors, DateOnly today, CancellationToken ct)
    {
        var plan = new Plan();
        if (!tables.Any(t => t.Kind == Kind)) return plan;
        var policy = (await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == db.OrganisationId, ct)).Complaints;
        var seen = new SeenKeys<string>();
        foreach (var table in tables.Where(t => t.Kind == Kind))
            foreach (var record in table.Records)
            {
                var row = table.Row(record, errors);
                var reference = row.Required("reference", 64);
                var service = row.Required("service", 200);
                var stages = new List<StageRow>();
                DateOnly? previousResponse = null;
                foreach (var (stage, prefix) in StageColumns)
                {
                    var received = row.Date(prefix + "received", required: stage == ComplaintStage.Stage1);
                    var acknowledged = row.Date(prefix + "acknowledged");
                    var responded = row.Date(prefix + "responded");
                    var extensionText = row.Cell(prefix + "extension_days") ?? "";
                    var extension = 0;
                    if (extensionText.Length > 0 && (!int.TryParse(extensionText, out extension) || extension < 0 || extension > policy.MaxExtensionDays))
                    {
                        row.Error(prefix + "extension_days", $"'{extensionText}' is not a whole number of working days from 0 to {policy.MaxExtensionDays} (the council's longest extension)");
                        extension = 0;
                    }
                    var reason = Blank(row.Text(prefix + "extension_reason", TextRules.MaxCommentLength));
                    if (extension > 0 && reason is null) row.Error(prefix + "extension_reason", "is needed: an extension is given with its reason");
                    var outcomeText = row.Cell(prefix + "outcome") ?? "";
                    ComplaintOutcome? outcome = null;
                    if (outcomeText.Length > 0 && !Words.TryParse(outcomeText, out outcome, ("upheld", ComplaintOutcome.Upheld), ("partly upheld", ComplaintOutcome.PartlyUpheld),
                            ("partly_upheld", ComplaintOutcome.PartlyUpheld), ("not upheld", ComplaintOutcome.NotUpheld), ("not_upheld", ComplaintOutcome.NotUpheld)))
                        row.Error(prefix + "outcome", $"'{outcomeText}' is not upheld, partly upheld or not upheld");
                    if (received is null)
                    {
                        if (stage != ComplaintStage.Stage1 && (acknowledged is not null || responded is not null || extensionText.Length > 0 || outcomeText.Length > 0 || reason is not null))
                            row.Error(prefix + "received", "is empty: give the day it reached this stage");
                        continue;
                    }
                    foreach (var (column, date) in new[] { ("received", received), ("acknowledged", acknowledged), ("responded", responded) })
                        if (date is { } d && d > today) row.Error(prefix + column, $"{d:yyyy-MM-dd} is after today");
                    if (acknowledged is { } a && a < received) row.Error(prefix + "acknowledged", "is before the day it was received");
                    if (responded is { } r && r < received) row.Error(prefix + "responded", "is before the day it was received");
                    if (outcome is not null && responded is null) row.Error(prefix + "outcome", "is given without the response: give the day it was answered");
                    if (stage == ComplaintStage.Stage2 && stages.Count > 0)
                    {
                        if (previousResponse is not { } p) row.Error("stage2_received", "is given but stage 1 has no response: a complaint escalates after stage 1 is answered");
                        else if (received < p) row.Error("stage2_received", "is before stage 1 was answered");
                    }
                    stages.Add(new StageRow(stage, received.Value, acknowledged, responded, extension, reason, outcome));
                    previousResponse = responded;
                }
                if (reference.Length > 0 && !seen.FirstTime(Complaint.Key(reference), row, "reference", reference)) continue;
                if (row.ErrorCount == 0)
                    plan.Rows.Add(new Row(reference.Trim(), service, Blank(row.Text("category", 200)), Blank(row.Text("channel", 100)), Blank(row.Text("learning", TextRules.MaxCommentLength)),
                        stages, row.Has("complainant_name") || row.Has("complainant_contact"), Blank(row.Text("complainant_name", 200)), Blank(row.Text("complainant_contact", 300))));
            }
        return plan;
    }

    /// <summary>Applies a checked plan: complaints made where new, else replaced with their stages (changes audited).</summary>
    public static async Task<ComplaintImportCounts?> ApplyAsync(StewardDb db, Plan plan, CancellationToken ct)
    {
        if (plan.IsEmpty) return null;
        var names = new NameResolver(db);
        var keys = plan.Rows.Select(r => Complaint.Key(r.Reference)).ToList();
        var stored = await db.Complaints.Include(c => c.Stages).Include(c => c.Service).Where(c => keys.Contains(c.ReferenceKey)).ToDictionaryAsync(c => c.ReferenceKey, ct);
        var (created, updated) = (0, 0);
        foreach (var r in plan.Rows)
        {
            var key = Complaint.Key(r.Reference);
            if (!stored.TryGetValue(key, out var complaint))
            {
                complaint = stored[key] = db.Complaints.Add(new Complaint { Reference = r.Reference, ReferenceKey = key }).Entity;
                created++;
            }
            else if (Changes(complaint, r)) updated++;
            else continue;
            complaint.Reference = r.Reference;
            if (complaint.Service is null || !string.Equals(complaint.Service.Name, r.Service.Trim(), StringComparison.OrdinalIgnoreCase))
                complaint.Service = await names.ServiceAsync(r.Service, ct);
            (complaint.Category, complaint.Channel, complaint.Learning) = (r.Category, r.Channel, r.Learning);
            if (r.HasComplainant && complaint.AnonymisedOn is null) (complaint.ComplainantName, complaint.ComplainantContact) = (r.ComplainantName, r.ComplainantContact);
            foreach (var gone in complaint.Stages.Where(s => r.Stages.All(x => x.Stage != s.Stage)).ToList())
            {
                complaint.Stages.Remove(gone);
                db.ComplaintStages.Remove(gone);
            }
            foreach (var s in r.Stages)
            {
                var record = complaint.At(s.Stage);
                if (record is null) complaint.Stages.Add(record = new ComplaintStageRecord { Stage = s.Stage });
                (record.Received, record.Acknowledged, record.Responded) = (s.Received, s.Acknowledged, s.Responded);
                (record.ExtensionDays, record.ExtensionReason, record.Outcome) = (s.ExtensionDays, s.ExtensionReason, s.Outcome);
            }
        }
        await db.SaveChangesAsync(ct);
        return new ComplaintImportCounts(created, updated);
    }

    /// <summary>Whether the row says anything different from the stored complaint.</summary>
    private static bool Changes(Complaint c, Row r) =>
        c.Reference != r.Reference || !string.Equals(c.Service?.Name, r.Service.Trim(), StringComparison.OrdinalIgnoreCase)
        || c.Category != r.Category || c.Channel != r.Channel || c.Learning != r.Learning
        || r.HasComplainant && c.AnonymisedOn is null && (c.ComplainantName != r.ComplainantName || c.ComplainantContact != r.ComplainantContact)
        || c.Stages.Count != r.Stages.Count
        || r.Stages.Any(s => c.At(s.Stage) is not { } x || (x.Received, x.Acknowledged, x.Responded, x.ExtensionDays, x.ExtensionReason, x.Outcome)
            != (s.Received, s.Acknowledged, s.Responded, s.ExtensionDays, s.ExtensionReason, s.Outcome));

    private static string? Blank(string? s) => Web.FormValues.Blank(s);
}
